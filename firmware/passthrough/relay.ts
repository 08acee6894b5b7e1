// One SMC in pass-through wiring: every line from the caller goes to this
// SMC's own console port, which runs what is its own and passes the rest to
// the next SMC through this relay: an AUTH that is not its own makes it ring
// the next SMC (imitating a modem), and from then on a command for an SMC
// further on goes on as one line, its answer coming back to the caller
// unchanged. This SMC's console stays on that command until the answer's
// final line has passed, so the next line is judged with what it taught
// (an AUTH's `ID n`). The end of the call on either side ends it on both.
import { Clock, Pins, Uart } from "../hal";
import { Err, Reply } from "../protocol";
import { ImitatedModem, Imitation } from "./imitation";

/** The next SMC's output kept while looking for an answer's final line; a longer line is data. */
const MAX_TAIL = 130;

export interface RelayHost {
  myId: number;
  /** To the caller (the modem while online, or a wired terminal). */
  toCaller(bytes: string): void;
  /** Whether an SMC is wired to the pass-through port (config). */
  nextWired: boolean;
  /** Longest wait for the next SMC's answer, ms, counted from its last byte. */
  requestMs: number;
  /** An AUTH passed on was granted by SMC `id`, or refused by every SMC further on (0). */
  authed(id: number, code: number): void;
  /** The next SMC hung up: end the call here too. */
  nextHungUp(): void;
  log(code: string, text: string): void;
}

interface Pending {
  line: string;
  typed: boolean;
  reply: Reply;
  auth: boolean;
}

export class PassThroughRelay {
  private imitation: ImitatedModem;
  /** Waiting for the next SMC to answer the ring. */
  private pending: Pending | undefined;
  /** Sent on: its answer is coming back. */
  private waiting: Pending | undefined;
  /** The next SMC's output since its last line end, while waiting. */
  private tail = "";
  private timer = 0;
  /** The next SMC's echo of the line this SMC sent it, still to be dropped. */
  private strip = "";

  constructor(uart: Uart, private pins: Pins, private clock: Clock, private host: RelayHost) {
    this.imitation = new ImitatedModem(uart, pins, clock, {
      connected: () => {
        host.log("PASS", "next SMC answered");
        this.send();
      },
      noAnswer: () => this.fail("next SMC does not answer"),
      data: (b) => this.fromNext(b),
      hungUp: () => {
        host.log("PASS", "next SMC hung up");
        this.strip = "";
        host.nextHungUp();
      },
    });
  }

  start(baud: number): void {
    this.imitation.start(baud);
  }

  /** Whether the call currently runs on through this SMC. */
  through(): boolean {
    return this.imitation.state === Imitation.Online;
  }

  /**
   * Passes one command line on to the next SMC, ringing it first if the call
   * does not run through yet; `reply` ends when the next SMC's answer has.
   * `auth`: an AUTH, whose `ID n` says who granted it.
   */
  forward(line: string, typed: boolean, reply: Reply, auth: boolean): void {
    // A powered SMC keeps its modem's DTR up: low DTR means nobody is there.
    if (!this.pins.read("ptDtr")) return reply.err(this.host.nextWired ? Err.Unreachable : Err.AuthFailed);
    this.pending = { line: line, typed: typed, reply: reply, auth: auth };
    if (this.through()) this.send();
    else this.imitation.ring();
  }

  /** This SMC's MAP line: `self` for the SMC holding the console, else its hops along the pass-through ports. */
  mapLine(hops: number): string {
    const state = this.through() ? "through" : !this.host.nextWired ? "none" : this.pins.read("ptDtr") ? "up" : "down";
    return "MAP " + this.host.myId + (hops ? " P " + hops : " self 0") + " P:" + state;
  }

  private send(): void {
    const p = this.pending;
    this.pending = undefined;
    if (!p) return;
    this.waiting = p;
    this.tail = "";
    this.arm();
    if (p.typed) this.strip = p.line + "\r\n";
    this.imitation.write(p.line + "\r");
  }

  private arm(): void {
    if (this.timer) this.clock.cancel(this.timer);
    this.timer = this.clock.after(() => {
      this.timer = 0;
      const p = this.waiting;
      this.waiting = undefined;
      this.host.log("PASS", "next SMC did not answer a command");
      if (p) p.reply.err(Err.Unreachable);
    }, this.host.requestMs);
  }

  private fail(why: string): void {
    this.host.log("PASS", why);
    const p = this.pending;
    this.pending = undefined;
    if (p) p.reply.err(Err.Unreachable);
  }

  private fromNext(bytes: string): void {
    // The caller already saw this SMC echo the line it passed on.
    const s = this.strip;
    if (s) {
      const n = Math.min(s.length, bytes.length);
      let k = 0;
      if (bytes.substr(0, n) === s.substr(0, n)) k = n;
      else while (k < n && bytes.charCodeAt(k) === s.charCodeAt(k)) k++;
      this.strip = k === n ? s.substr(n) : "";
      bytes = bytes.substr(k);
    }
    if (!bytes) return;
    this.strip = "";
    this.host.toCaller(bytes);
    if (this.waiting) this.scan(bytes);
  }

  /** Looks for the final line (OK or ERR, plain or framed) of the answer being waited for. */
  private scan(bytes: string): void {
    const p = this.waiting!;
    let text = this.tail + bytes;
    let nl = text.indexOf("\n");
    while (nl >= 0) {
      let line = text.substr(0, nl);
      text = text.substr(nl + 1);
      nl = text.indexOf("\n");
      if (line.charAt(line.length - 1) === "\r") line = line.substr(0, line.length - 1);
      if (line.charAt(0) === "!") line = line.substring(line.indexOf(" ") + 1, line.lastIndexOf("*"));
      if (p.auth && line.substr(0, 3) === "ID ") {
        const id = parseInt(line.substr(3), 10);
        this.host.log("AUTH", "granted by " + id + " further on");
        this.host.authed(id, 0);
      }
      // A guess refused further on counts here too, where the lockout is kept.
      if (p.auth && line.substr(0, 4) === "ERR ") this.host.authed(0, parseInt(line.substr(4), 10));
      if (line === "OK" || line.substr(0, 4) === "ERR ") {
        this.done();
        return p.reply.handOff!();
      }
    }
    this.tail = text.length > MAX_TAIL ? text.substr(text.length - MAX_TAIL) : text;
    this.arm();
  }

  private done(): void {
    this.waiting = undefined;
    this.tail = "";
    if (this.timer) this.clock.cancel(this.timer);
    this.timer = 0;
  }

  /** The call ended upstream: tear the rest of the chain down. */
  end(): void {
    const p = this.waiting || this.pending;
    this.pending = undefined;
    this.done();
    this.strip = "";
    this.imitation.hangup();
    // The console's command ends with the call, answered or not.
    if (p && p.reply.handOff) p.reply.handOff();
  }
}
