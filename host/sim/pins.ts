// Virtual pins: levels, analog values, a history of every change (so a test
// can measure a pulse), and Espruino-style watches with debounce.
import { VirtualClock } from "./clock";

export interface PinChange {
  pin: string;
  level: boolean;
  at: number;
}

export interface WatchOptions {
  edge: "rising" | "falling" | "both";
  debounce: number;
  repeat: boolean;
}

interface Watch {
  id: number;
  pin: string;
  opts: WatchOptions;
  handler: (e: { state: boolean; time: number; lastTime: number }) => void;
  /** Last level reported (after debounce). */
  reported: boolean;
  lastTime: number;
  timer: number;
}

export class VirtualPins {
  private levels = new Map<string, boolean>();
  private analogs = new Map<string, number>();
  private watches: Watch[] = [];
  private nextWatch = 1;
  private driven = new Set<string>();
  readonly history: PinChange[] = [];

  constructor(private clock: VirtualClock) {}

  level(pin: string): boolean {
    return this.levels.get(pin) ?? false;
  }

  analog(pin: string): number {
    return this.analogs.get(pin) ?? NaN;
  }

  setAnalog(pin: string, value: number): void {
    this.analogs.set(pin, value);
  }

  /** The firmware drives `pin` as an output: it floats when the board loses power. */
  drive(pin: string, level: boolean): void {
    this.driven.add(pin);
    this.set(pin, level);
  }

  /**
   * Power off: every pin the firmware drove floats, read as low (the
   * pull-downs of the wiring); what the outside world drives stays.
   */
  float(): void {
    const pins = [...this.driven];
    this.driven.clear();
    for (const pin of pins) this.set(pin, false);
  }

  /** Sets a level, from the firmware (output) or the outside world (input). */
  set(pin: string, level: boolean): void {
    if (this.level(pin) === level && this.levels.has(pin)) return;
    this.levels.set(pin, level);
    this.history.push({ pin, level, at: this.clock.now() });
    if (this.history.length > 10000) this.history.splice(0, 5000);
    for (const w of this.watches.slice()) if (w.pin === pin) this.poke(w);
  }

  /** Durations (ms) for which `pin` was at `level`, completed pulses only. */
  pulses(pin: string, level = true): number[] {
    const out: number[] = [];
    let start: number | undefined;
    for (const c of this.history) {
      if (c.pin !== pin) continue;
      if (c.level === level) start = c.at;
      else if (start !== undefined) {
        out.push(c.at - start);
        start = undefined;
      }
    }
    return out;
  }

  watch(pin: string, opts: WatchOptions, handler: Watch["handler"]): number {
    const w: Watch = {
      id: this.nextWatch++,
      pin,
      opts,
      handler,
      reported: this.level(pin),
      lastTime: this.clock.now(),
      timer: 0,
    };
    this.watches.push(w);
    return w.id;
  }

  unwatch(id?: number): void {
    for (const w of this.watches) if ((id === undefined || w.id === id) && w.timer) this.clock.clearTimeout(w.timer);
    this.watches = id === undefined ? [] : this.watches.filter((w) => w.id !== id);
  }

  private poke(w: Watch): void {
    if (w.timer) this.clock.clearTimeout(w.timer);
    w.timer = 0;
    const check = () => {
      w.timer = 0;
      const level = this.level(w.pin);
      if (level === w.reported) return;
      w.reported = level;
      const wanted = w.opts.edge === "both" || (w.opts.edge === "rising") === level;
      if (!wanted) return;
      const time = this.clock.now() / 1000;
      const lastTime = w.lastTime;
      w.lastTime = time;
      if (!w.opts.repeat) this.unwatch(w.id);
      w.handler({ state: level, time, lastTime });
    };
    if (w.opts.debounce > 0) w.timer = this.clock.setTimeout(check, w.opts.debounce);
    else check();
  }
}
