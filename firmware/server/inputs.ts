// The server's inputs beyond power-good, as the board file names them:
// digital alarms (fan failure, chassis intrusion, fault LED) and analog
// measurements with scaling and a range (temperatures, rails). Changes and
// range crossings are written to the event log.
//
// One event method, `x`: bound once per digital input (its watch handler,
// the input's name bound) and once for the analog poll (no name: every
// analog input is looked at). No closure per input or per poll.
import { BoardDesc, Clock, InputDesc, Pins } from "../hal";

// Constants as a const enum: inlined where used, no variable on a board.
const enum Ms {
  /** Debounce of digital inputs: a contact or an LED driver settles within it. */
  Debounce = 50,
}

export interface InputReading {
  name: string;
  /** The value as shown: "OK"/"ALARM", or "24.3 C", or "-" when unreadable. */
  text: string;
  /** "ok", "alarm", "low", "high", or "unknown". */
  state: string;
}

/** Where changes are written: the event log. */
export interface InputLog {
  add(code: string, text: string): unknown;
}

export class ServerInputs {
  /** The inputs' names, in the board file's order (a field, not a method: each method costs a board ~8 variables). */
  readonly names: string[];
  private last: { [name: string]: string } = {};
  private d: { [role: string]: InputDesc };

  /** Reads every input once (the reference for changes), watches the digital ones and polls the analog ones every `pollMs`. */
  constructor(private p: Pins, clock: Clock, board: BoardDesc, pollMs: number, private lg: InputLog) {
    const d = board.inputs || {};
    const names = Object.keys(d);
    this.d = d;
    this.names = names;
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      this.last[name] = this.read(name)!.state;
      if (d[name].kind === "digital") p.watch(name, "both", Ms.Debounce, this.x.bind(this, name));
    }
    // Analog inputs have no edges: look at them now and then.
    clock.every(this.x.bind(this, ""), pollMs);
  }

  read(name: string): InputReading | undefined {
    const d = this.d[name];
    if (!d) return undefined;
    if (d.kind === "digital") {
      const alarm = this.p.read(name);
      return { name: name, text: alarm ? "ALARM" : "OK", state: alarm ? "alarm" : "ok" };
    }
    const raw = this.p.read(name, true);
    if (raw !== raw) return { name: name, text: "-", state: "unknown" };
    const v = raw * (d.scale === undefined ? 1 : d.scale) + (d.offset || 0);
    const state = d.min !== undefined && v < d.min ? "low" : d.max !== undefined && v > d.max ? "high" : "ok";
    return { name: name, text: v.toFixed(1) + (d.unit ? " " + d.unit : ""), state: state };
  }

  /** "IN <name> <value> <state>" for STATUS and READ; a digital input's value is its level, 0 or 1. */
  line(name: string): string {
    const r = this.read(name)!;
    return "IN " + name + " " + (this.d[name].kind === "digital" ? (r.state === "alarm" ? "1" : "0") : r.text) + " " + r.state;
  }

  /** An input to look at: `name`'s edge, or ("") the analog poll; a change is logged. */
  private x(name: string): void {
    for (let i = 0; i < this.names.length; i++) {
      const n = this.names[i];
      const analog = this.d[n].kind === "analog";
      if (name ? n !== name : !analog) continue;
      const r = this.read(n)!;
      if (r.state === this.last[n]) continue;
      this.last[n] = r.state;
      this.lg.add("INPUT", n + " " + r.text + (analog ? " " + r.state : ""));
    }
  }
}
