// One SMC in pass-through wiring: every line from the caller goes to this
// SMC's own console port, which runs what is its own and passes the rest to
// the next SMC through this relay: an AUTH that is not its own makes it ring
// the next SMC (imitating a modem), and from then on a command for an SMC
// further on goes on as one line, its answer coming back to the caller
// unchanged. This SMC's console stays on that command until the answer's
// final line has passed, so the next line is judged with what it taught
// (an AUTH's `ID n`). The end of the call on either side ends it on both.
//
// A line passed on is in one of two places: `pending` (the next SMC is
// being rung; Connected sends it, NoAnswer answers it ERR 10) or `waiting`
// (sent; the answer's final line, the request timer or the end of the call
// ends it). Events from the imitation and the request timer all arrive at
// `heard`.
//
// Built lazily (docs/passthrough.md, "Memory"): the class is made inside
// passThroughRelay(), which app/smc.ts calls only in pass-through wiring,
// so a links unit holds none of this module's methods, only the two
// factory functions.
import { Clock, Pins, Uart } from "../hal";
import { Err, Reply } from "../protocol";
import { Heard, ImEv, imitatedModem, ImitatedModem, Imitation, ImitationEvents, WallClock } from "./imitation";

const enum Relayed {
  /** The next SMC's output kept while looking for an answer's final line; a longer line is data. */
  MaxTail = 130,
  /** The relay's own event beside the imitation's (Heard): the request timer ran out. */
  Timeout = -1,
}

/**
 * What the relay tells its host (RelayHost.call): numbers beside the
 * modem's Call events (modem/driver.ts), which the same method of the
 * host takes.
 */
export const enum Pass {
  /** An AUTH passed on was granted by SMC `n`. */
  Granted = 10,
  /** An AUTH passed on was refused further on: its final line was ERR `n`. */
  Refused,
  /** The next SMC hung up: end the call here too. */
  HungUp,
}

/**
 * The SMC the relay works for (app/unit.ts's Unit, itself: no object of
 * callbacks, whose closures would keep the boot's scope on a board).
 */
export interface RelayHost {
  /** Its ID; whether an SMC is wired to the pass-through port; t.requestMs: the longest wait for the next SMC's answer, ms, counted from its last byte. */
  config: { id: number; passNext: boolean; t: { requestMs: number } };
  /** Added to t.requestMs for an AUTH's answer: the longest a failed AUTH's answer waits (docs/protocol.md, "Guessing"). */
  authWaitMs?: number;
  /** The event log, and the SMC's wall clock, which its imitated modem hands on in CONNECT. */
  log: WallClock & { add(code: string, text: string): unknown };
  /** The relay's events (Pass), `s` "". */
  call(e: Pass, n: number, s: string): boolean | void;
}

export interface PassThroughRelay {
  /** Whether the call currently runs on through this SMC. */
  through(): boolean;
  /**
   * Passes one command line on to the next SMC, ringing it first if the call
   * does not run through yet; `reply` ends when the next SMC's answer has.
   * `auth`: an AUTH, whose `ID n` says who granted it.
   */
  forward(line: string, typed: boolean, reply: Reply, auth: boolean): void;
  /** The call ended upstream: tear the rest of the chain down. */
  end(): void;
}

interface Pending {
  line: string;
  typed: boolean;
  reply: Reply;
  auth: boolean;
}

/**
 * The relay on the pass-through port `uart`, opened at `baud`; `caller`:
 * toward the caller (the modem while online, or a wired terminal). Call
 * once, in pass-through wiring only.
 */
export function passThroughRelay(uart: Uart, pins: Pins, clock: Clock, host: RelayHost, baud: number, caller: { write(bytes: string): void }): PassThroughRelay {
  class Relay implements PassThroughRelay, ImitationEvents {
    private im: ImitatedModem = imitatedModem(uart, pins, clock, this, baud, host.log);
    /** Waiting for the next SMC to answer the ring. */
    private pending: Pending | undefined;
    /** Sent on: its answer is coming back. */
    private waiting: Pending | undefined;
    /** The next SMC's output since its last line end, while waiting. */
    private tail = "";
    private timer = 0;
    /** The next SMC's echo of the line this SMC sent it, still to be dropped. */
    private strip = "";
    /** The request timer's callback, made once. */
    private tick = () => this.heard(Relayed.Timeout, "");

    through(): boolean {
      return this.im.state === Imitation.Online;
    }

    forward(line: string, typed: boolean, reply: Reply, auth: boolean): void {
      // A powered SMC keeps its modem's DTR up: low DTR means nobody is there.
      if (!pins.read("ptDtr")) return reply.err(host.config.passNext ? Err.Unreachable : Err.AuthFailed);
      this.pending = { line: line, typed: typed, reply: reply, auth: auth };
      if (this.through()) this.send();
      else this.im.on(ImEv.Ring, "");
    }

    end(): void {
      const p = this.waiting || this.pending;
      this.pending = this.waiting = undefined;
      this.tail = "";
      this.arm(false);
      this.strip = "";
      this.im.on(ImEv.HangUp, "");
      // The console's command ends with the call, answered or not.
      if (p && p.reply.handOff) p.reply.handOff();
    }

    /** The pending line goes on, and its answer is waited for. */
    private send(): void {
      const p = this.pending;
      this.pending = undefined;
      if (!p) return;
      this.waiting = p;
      this.tail = "";
      this.arm(true);
      if (p.typed) this.strip = p.line + "\r\n";
      this.im.on(ImEv.Write, p.line + "\r");
    }

    /** (Re)starts the request timer, or (`run` false) stops it. */
    private arm(run: boolean): void {
      if (this.timer) clock.cancel(this.timer);
      this.timer = run ? clock.after(this.tick, host.config.t.requestMs + (this.waiting && this.waiting.auth ? host.authWaitMs! : 0)) : 0;
    }

    heard(ev: Heard | Relayed.Timeout, bytes: string): void {
      let p: Pending | undefined;
      switch (ev) {
        case Heard.Connected:
          host.log.add("PASS", "next SMC answered");
          return this.send();
        case Heard.NoAnswer:
          host.log.add("PASS", "next SMC does not answer");
          p = this.pending;
          this.pending = undefined;
          if (p) p.reply.err(Err.Unreachable);
          return;
        case Heard.HungUp:
          host.log.add("PASS", "next SMC hung up");
          this.strip = "";
          host.call(Pass.HungUp, 0, "");
          return;
        case Relayed.Timeout:
          this.timer = 0;
          p = this.waiting;
          this.waiting = undefined;
          host.log.add("PASS", "next SMC did not answer a command");
          if (p) p.reply.err(Err.Unreachable);
          return;
      }
      // Heard.Data. The caller already saw this SMC echo the line it passed
      // on; the next SMC echoes a password as "*" (protocol/lineReader.ts).
      const s = this.strip;
      if (s) {
        const n = Math.min(s.length, bytes.length);
        let k = 0;
        if (bytes.substr(0, n) === s.substr(0, n)) k = n;
        else while (k < n && (bytes.charCodeAt(k) === s.charCodeAt(k) || bytes.charCodeAt(k) === 42)) k++;
        this.strip = k === n ? s.substr(n) : "";
        bytes = bytes.substr(k);
      }
      if (!bytes) return;
      this.strip = "";
      caller.write(bytes);
      p = this.waiting;
      if (!p) return;
      // Looks for the final line (OK or ERR, plain or framed) of the answer being waited for.
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
          host.log.add("AUTH", "granted by " + id + " further on");
          host.call(Pass.Granted, id, "");
        }
        // A guess refused further on counts here too, where the lockout is kept.
        if (p.auth && line.substr(0, 4) === "ERR ") host.call(Pass.Refused, parseInt(line.substr(4), 10), "");
        // An IPMI line passed on (app/ipmi.ts) ends with its one bracket line (the echo was dropped above).
        if (line === "OK" || line.substr(0, 4) === "ERR " || (line.charAt(0) === "[" && p.line.charAt(0) === "[" && line !== p.line)) {
          this.waiting = undefined;
          this.tail = "";
          this.arm(false);
          return p.reply.handOff!();
        }
      }
      this.tail = text.length > Relayed.MaxTail ? text.substr(text.length - Relayed.MaxTail) : text;
      this.arm(true);
    }
  }
  return new Relay();
}
