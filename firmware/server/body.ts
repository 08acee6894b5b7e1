// The server body interface: what the SMC reads from and does to its server.
// Outputs are active-high at the board pin (they drive the transistor or
// opto-coupler across the server's reset and power-button headers).
import { Timings } from "../config";
import { Clock, Pins } from "../hal";

/** How often power-good is polled while waiting for it. */
const POLL_MS = 50;

export const enum Power {
  Off,
  On,
}

export class ServerBody {
  /** True while a reset or power action is under way. */
  busy = false;
  /** Power changes until this time follow a command; later ones nobody commanded. */
  private commandedUntil = 0;

  constructor(private pins: Pins, private clock: Clock, private t: Timings) {
    pins.write("reset", false);
    pins.write("power", false);
  }

  /**
   * Logs every change of power-good, saying whether a command caused it;
   * and, where the board senses the server's reset line (pin role
   * "resetSense", high while reset is asserted), every reset nobody
   * commanded: the front-panel button, the server's own watchdog. A
   * motherboard also asserts reset while it powers up, so a commanded power
   * action's window covers that too.
   */
  watchPower(log: (code: string, text: string) => void): void {
    this.pins.watch("powerGood", "both", 100, (on) => {
      log("POWER", "server " + (on ? "on" : "off") + (this.clock.now() <= this.commandedUntil ? "" : " (not commanded)"));
    });
    if (this.pins.has("resetSense")) {
      this.pins.watch("resetSense", "rising", 20, () => {
        if (this.clock.now() > this.commandedUntil) log("RESET", "observed (not commanded)");
      });
    }
  }

  power(): Power {
    return this.pins.read("powerGood") ? Power.On : Power.Off;
  }

  wired(role: string): boolean {
    return this.pins.has(role);
  }

  reset(done: () => void): void {
    this.run((end) => this.pins.pulse("reset", true, this.t.resetMs, end), done);
  }

  /** Presses the power button for `ms` (short: on; long hold: forced off). */
  press(ms: number, done: () => void): void {
    this.run((end) => this.pins.pulse("power", true, ms, end), done);
  }

  /** Forced off, a pause, then on. */
  cycle(done: () => void): void {
    this.run((end) => {
      this.pins.pulse("power", true, this.t.holdMs, () => {
        this.clock.after(() => this.pins.pulse("power", true, this.t.pressMs, end), this.t.cycleGapMs);
      });
    }, done);
  }

  /**
   * Waits until power-good shows `want`, for at most t.powerGoodMs; `done`
   * gets whether it did. A PSU raises power-good some time after the button.
   */
  awaitPower(want: Power, done: (ok: boolean) => void): void {
    const deadline = this.clock.now() + this.t.powerGoodMs;
    const check = () => {
      if (this.power() === want) return done(true);
      if (this.clock.now() >= deadline) return done(false);
      this.clock.after(check, POLL_MS);
    };
    check();
  }

  private run(action: (end: () => void) => void, done: () => void): void {
    this.busy = true;
    this.commandedUntil = this.clock.now() + this.t.holdMs + this.t.cycleGapMs + this.t.pressMs + this.t.powerGoodMs;
    action(() => {
      this.busy = false;
      done();
    });
  }
}
