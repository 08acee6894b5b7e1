// UART endpoints and the wires between them. A byte takes 10 bit times at
// the sender's baud rate (8N1) and arrives when its stop bit ends. Hooks
// drop, corrupt or delay bytes, or cut the wire, for fault tests.
import { VirtualClock } from "./clock";

/** Largest chunk handed to a receiver at once, as Espruino's UART does. */
const CHUNK = 64;

/** A seeded random source so noisy-link tests are repeatable. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

export interface Faults {
  /** Probability that a byte is lost, or a rule that says which bytes are. */
  drop?: number | ((byte: string, from: UartEnd) => boolean);
  /** Probability that a byte arrives with one bit flipped. */
  corrupt?: number;
  /** Extra latency added to every byte, ms. */
  delayMs?: number;
  random?: () => number;
}

export class UartEnd {
  baud = 9600;
  wire?: Wire;
  private receivers: Array<(bytes: string) => void> = [];

  constructor(readonly name: string) {}

  setBaud(baud: number): void {
    this.baud = baud;
  }

  write(bytes: string): void {
    this.wire?.transmit(this, bytes);
  }

  onData(receiver: (bytes: string) => void): () => void {
    this.receivers.push(receiver);
    return () => {
      this.receivers = this.receivers.filter((r) => r !== receiver);
    };
  }

  clearReceivers(): void {
    this.receivers = [];
  }

  deliver(bytes: string): void {
    for (const r of this.receivers.slice()) r(bytes);
  }
}

interface InFlight {
  at: number;
  byte: string;
}

class Direction {
  busyUntil = 0;
  queue: InFlight[] = [];
  timer = 0;
}

export class Wire {
  private dirs = new Map<UartEnd, Direction>();
  private isCut = false;
  faults: Faults = {};

  constructor(private clock: VirtualClock, readonly a: UartEnd, readonly b: UartEnd) {
    a.wire = this;
    b.wire = this;
    this.dirs.set(a, new Direction());
    this.dirs.set(b, new Direction());
  }

  cut(): void {
    this.isCut = true;
    for (const d of this.dirs.values()) {
      d.queue = [];
      if (d.timer) this.clock.clearTimeout(d.timer);
      d.timer = 0;
    }
  }

  mend(): void {
    this.isCut = false;
  }

  get isCutNow(): boolean {
    return this.isCut;
  }

  /** Detaches both ends (a cable pulled out for good). */
  unplug(): void {
    this.cut();
    if (this.a.wire === this) this.a.wire = undefined;
    if (this.b.wire === this) this.b.wire = undefined;
  }

  transmit(from: UartEnd, bytes: string): void {
    const to = from === this.a ? this.b : this.a;
    const d = this.dirs.get(from)!;
    const byteMs = 10000 / from.baud;
    const f = this.faults;
    const random = f.random ?? Math.random;
    for (let i = 0; i < bytes.length; i++) {
      const start = Math.max(this.clock.now(), d.busyUntil);
      d.busyUntil = start + byteMs;
      if (this.isCut) continue;
      if (typeof f.drop === "function" ? f.drop(bytes.charAt(i), from) : f.drop && random() < f.drop) continue;
      let c = bytes.charCodeAt(i);
      if (f.corrupt && random() < f.corrupt) c ^= 1 << Math.floor(random() * 8);
      // A receiver at another baud rate sees framing garbage, as on real wires.
      if (to.baud !== from.baud) c = (c * 7 + 0x55) & 0xff;
      d.queue.push({ at: d.busyUntil + (f.delayMs ?? 0), byte: String.fromCharCode(c) });
    }
    this.schedule(d, to);
  }

  private schedule(d: Direction, to: UartEnd): void {
    if (d.timer || !d.queue.length) return;
    const due = d.queue[0].at - this.clock.now();
    d.timer = this.clock.setTimeout(() => {
      d.timer = 0;
      const now = this.clock.now();
      let chunk = "";
      while (d.queue.length && d.queue[0].at <= now + 1e-9 && chunk.length < CHUNK) chunk += d.queue.shift()!.byte;
      if (chunk) to.deliver(chunk);
      this.schedule(d, to);
    }, Math.max(0, due));
  }
}

/** Connects two endpoints with a new wire. */
export function connect(clock: VirtualClock, a: UartEnd, b: UartEnd): Wire {
  return new Wire(clock, a, b);
}

/** A far end that keeps everything it receives: a terminal, a test probe. */
export class Probe extends UartEnd {
  text = "";

  constructor(name: string) {
    super(name);
    this.onData((bytes) => {
      this.text += bytes;
    });
  }

  clear(): void {
    this.text = "";
  }
}
