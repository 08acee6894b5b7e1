// The server body interface: what the SMC reads from and does to its server.
// Outputs are active-high at the board pin (they drive the transistor or
// opto-coupler across the server's reset and power-button headers).
//
// One action at a time (`busy`), run as a small state machine by one method,
// `x`, bound twice at construction: `k` ends every pulse and timer of the
// action and is the power-good watch handler, `w` the reset-sense watch
// handler. No closure per action.
//
//   press     St.Pulse --pulse end--> Idle, done() (a press or Act.Reset)
//   Act.Cycle St.Hold --hold end--> St.Gap --cycleGapMs--> St.Pulse (press);
//             a server that is off: St.Pulse (press) alone
//   edges     k(level): power-good changed; w(true): reset seen
import { Timings } from "../config";
import { Clock, Pins } from "../hal";

// Constants as a const enum: inlined where used, no variable on a board.
const enum Ms {
  /** How often power-good is polled while waiting for it. */
  Poll = 50,
}

export const enum Power {
  Off,
  On,
}

/** ServerBody.press's actions other than a press of `ms`. */
export const enum Act {
  Reset = -1,
  Cycle = -2,
}

/** Where the body writes its POWER and RESET records: the event log. */
export interface BodyLog {
  add(code: string, text: string): unknown;
}

/** The action machine's states (`st`). */
const enum St {
  Idle,
  /** A pulse on reset or power; its end ends the action. */
  Pulse,
  /** POWER CYCLE: the forced-off hold. */
  Hold,
  /** POWER CYCLE: the pause before the press that turns it on. */
  Gap,
}

export class ServerBody {
  /** True while a reset or power action is under way. */
  busy = false;
  /** Power changes until this time follow a command; later ones nobody commanded. */
  private cu = 0;
  private st = St.Idle;
  /** The running action's callback. */
  private dn: () => void = Boolean;
  private k: (a?: boolean) => void;

  /**
   * Drives both outputs (and identify, where wired) low, and logs every change of power-good, saying
   * whether a command caused it; and, where the board senses the server's
   * reset line (pin role "resetSense", high while reset is asserted), every
   * reset nobody commanded: the front-panel button, the server's own
   * watchdog. A motherboard also asserts reset while it powers up, so a
   * commanded power action's window covers that too.
   */
  constructor(private p: Pins, private c: Clock, private t: Timings, private lg: BodyLog) {
    p.write("reset", false);
    p.write("power", false);
    // The identify output (Chassis Identify, app/ipmi.ts) starts off, not floating.
    if (p.has("identify")) p.write("identify", false);
    this.k = this.x.bind(this, 0);
    p.watch("powerGood", "both", 100, this.k);
    if (p.has("resetSense")) p.watch("resetSense", "rising", 20, this.x.bind(this, 1));
  }

  power(): Power {
    return this.p.read("powerGood") ? Power.On : Power.Off;
  }

  /**
   * Every action, in one method (a method each cost a board ~8 variables
   * for good): `ms` 0 or more presses the power button for `ms` (short: on;
   * long hold: forced off); Act.Reset pulses reset for t.resetMs; Act.Cycle
   * is forced off, a pause, then on. A server that is off is only pressed
   * on: a hold would switch it on at the press and force it off again at
   * the hold's end, then the press switch it on once more (IPMI's power
   * cycle of a server that is off powers it up; the pin pulses once).
   */
  press(ms: number, done: () => void): void {
    const t = this.t;
    if (ms === Act.Cycle && !this.power()) ms = t.pressMs;
    this.dn = done;
    this.x(2);
    if (ms === Act.Cycle) {
      this.st = St.Hold;
      ms = t.holdMs;
    }
    this.p.pulse(ms === Act.Reset ? "reset" : "power", true, ms === Act.Reset ? t.resetMs : ms, this.k);
  }

  /**
   * Waits until power-good shows `want`, for at most t.powerGoodMs; `done`
   * gets whether it did. A PSU raises power-good some time after the button.
   * (A closure per wait: it runs only after a power command, and two waits
   * may overlap.)
   */
  awaitPower(want: Power, done: (ok: boolean) => void): void {
    const deadline = this.c.now() + this.t.powerGoodMs;
    const check = () => {
      if (this.power() === want) return done(true);
      if (this.c.now() >= deadline) return done(false);
      this.c.after(check, Ms.Poll);
    };
    check();
  }

  /**
   * Every event, by `w`: 0 with a level, power-good changed; 0 alone, the
   * action's pulse or timer ended; 1, reset seen; 2, an action starts (busy,
   * and the window in which power changes count as commanded).
   */
  private x(w: number, a?: boolean): void {
    const t = this.t;
    if (w === 2) {
      this.busy = true;
      this.st = St.Pulse;
      this.cu = this.c.now() + t.holdMs + t.cycleGapMs + t.pressMs + t.powerGoodMs;
      return;
    }
    const own = this.c.now() <= this.cu;
    if (w) {
      if (!own) this.lg.add("RESET", "observed (not commanded)");
      return;
    }
    if (a !== undefined) {
      this.lg.add("POWER", "server " + (a ? "on" : "off") + (own ? "" : " (not commanded)"));
      return;
    }
    switch (this.st) {
      case St.Hold:
        this.st = St.Gap;
        this.c.after(this.k, t.cycleGapMs);
        return;
      case St.Gap:
        this.st = St.Pulse;
        this.p.pulse("power", true, t.pressMs, this.k);
        return;
      case St.Pulse: {
        // Dropped before it runs: a kept callback would hold its command's
        // reply (and all it refers to) until the next action.
        const d = this.dn;
        this.dn = Boolean;
        this.st = St.Idle;
        this.busy = false;
        d();
      }
    }
  }
}
