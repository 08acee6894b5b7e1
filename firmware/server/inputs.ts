// The server's inputs beyond power-good, as the board file names them:
// digital alarms (fan failure, chassis intrusion, fault LED) and analog
// measurements with scaling and a range (temperatures, rails). Changes and
// range crossings are written to the event log.
import { BoardDesc, Clock, InputDesc, Pins } from "../hal";

/** Debounce of digital inputs: a contact or an LED driver settles within it. */
const DEBOUNCE_MS = 50;

export interface InputReading {
  name: string;
  /** The value as shown: "OK"/"ALARM", or "24.3 C", or "-" when unreadable. */
  text: string;
  /** "ok", "alarm", "low", "high", or "unknown". */
  state: string;
}

export class ServerInputs {
  private names: string[];
  private last: { [name: string]: string } = {};

  constructor(private pins: Pins, private clock: Clock, private inputs: { [role: string]: InputDesc }, private log: (code: string, text: string) => void) {
    this.names = Object.keys(inputs);
  }

  static of(board: BoardDesc, pins: Pins, clock: Clock, log: (code: string, text: string) => void): ServerInputs {
    return new ServerInputs(pins, clock, board.inputs || {}, log);
  }

  start(pollMs: number): void {
    for (let i = 0; i < this.names.length; i++) {
      const name = this.names[i];
      this.last[name] = this.read(name)!.state;
      if (this.inputs[name].kind === "digital") this.pins.watch(name, "both", DEBOUNCE_MS, () => this.check(name));
    }
    // Analog inputs have no edges: look at them now and then.
    this.clock.every(() => {
      for (let i = 0; i < this.names.length; i++) if (this.inputs[this.names[i]].kind === "analog") this.check(this.names[i]);
    }, pollMs);
  }

  list(): string[] {
    return this.names;
  }

  read(name: string): InputReading | undefined {
    const d = this.inputs[name];
    if (!d) return undefined;
    if (d.kind === "digital") {
      const alarm = this.pins.read(name);
      return { name: name, text: alarm ? "ALARM" : "OK", state: alarm ? "alarm" : "ok" };
    }
    const raw = this.pins.analog(name);
    if (raw !== raw) return { name: name, text: "-", state: "unknown" };
    const v = raw * (d.scale === undefined ? 1 : d.scale) + (d.offset || 0);
    const state = d.min !== undefined && v < d.min ? "low" : d.max !== undefined && v > d.max ? "high" : "ok";
    return { name: name, text: v.toFixed(1) + (d.unit ? " " + d.unit : ""), state: state };
  }

  /** "IN <name> <value> <state>" for STATUS and READ; a digital input's value is its level, 0 or 1. */
  line(name: string): string {
    const r = this.read(name)!;
    return "IN " + name + " " + (this.inputs[name].kind === "digital" ? (r.state === "alarm" ? "1" : "0") : r.text) + " " + r.state;
  }

  private check(name: string): void {
    const r = this.read(name)!;
    if (r.state === this.last[name]) return;
    this.last[name] = r.state;
    this.log("INPUT", name + " " + r.text + (this.inputs[name].kind === "analog" ? " " + r.state : ""));
  }
}
