// The chat engine: runs the modem's scripts over a UART and the HAL clock,
// the way Zephyr's modem_chat runs its scripts (send a request, wait for
// the response that advances, abort on any other, fail on a time-out). The
// scripts are data (arrays of step strings, below); the engine frames the
// modem's result lines in command mode and hands the call's bytes on,
// unparsed, once a step's CONNECT has put it in data mode.
//
// Memory (docs/modem.md): one engine object with two prototype methods and
// ONE bound callback `k`, which is the UART's receiver, the RI/DCD pins'
// watch handler, and the callback of every timer and pin pulse of the
// driver (what it is given tells them apart); no closure per step, per
// command or per sequence.
//
// A step is one string:
//   "ATZ"   sends "ATZ\r"; OK advances, any other result code aborts,
//           nothing within t.modemCmdMs is a time-out
//   "2AT"   a leading digit: sent up to that many times before the step
//           fails (a lost OK is not a dead modem)
//   "cATA"  a leading "c": CONNECT advances, and the wait is the carrier
//           wait plus a margin; once it has, the engine is in data mode
//   "+++"   guard time, "+++" without CR, guard time plus t.modemCmdMs:
//           whatever comes, or nothing, advances (the escape's OK may be
//           lost in the call's last bytes)
// The modem's commands all start with "AT" (config/load.ts checks the
// configured ones), so the prefixes cannot be taken for a command.
//
// States (`s`, Chat) and what moves them:
//   Off   --run(q)--> Step (or Guard for "+++"); result lines: RING only
//   Step  --the step's answer--> next step's Step/Guard, or Off + Done
//         (Data + Done after a "c" step); --other result / time-out-->
//         the step again while sends are left, else Off + Fail
//   Guard --timer--> "+++" sent, Any
//   Any   --any result / timer--> next step, or Off + Done
//   Data  bytes go to the host; run(null) (the call is over) --> Off
import { Timings } from "../config";
import { Clock, Uart } from "../hal";
import { parseResult, Result, ResultLine } from "./results";

/** The timings the engine uses (documented in config/types.ts). */
export type ChatTimings = Pick<Timings, "modemCmdMs" | "carrierWaitMs" | "guardMs">;

// Constants as a const enum: inlined where used, no variable on a board.
const enum K {
  /** Longest result line kept in command mode; modem lines are short. */
  MaxLine = 80,
  /** Added to the modem's own carrier wait before an answer counts as failed. */
  AnswerMarginMs = 5000,
}

/** What the engine tells its host, in `on(event, result, text)`. */
export const enum Ev {
  /** The script ran to its end; the result of its last step (CONNECT's rate). */
  Done,
  /** A step failed; the result that aborted it (none: time-out) and the step. */
  Fail,
  /** A RING line, or RI rising (`k(true)`): never a step's answer. */
  Ring,
  /** Bytes of the call, in data mode (text). */
  Data,
  /** The host's wait (`run(ms)`), or a pin pulse given `k` as its callback, has ended. */
  Timer,
  /** DCD fell (`k(false)`: the host's pin watch). */
  Carrier,
  /** The SMC ends the call (BYE, idle time-out; text: why): the owner's, never the engine's (HayesModem.on). */
  Hangup,
}

/** The engine's own states (`s`). */
export const enum Chat {
  /** No script: result lines are only looked at for RING and noise. */
  Off,
  /** A step's command is sent; waiting for its result code. */
  Step,
  /** Before "+++": the guard silence. */
  Guard,
  /** After "+++": whatever comes, or the time-out, advances. */
  Any,
  /** In a call: bytes go to the host unparsed. */
  Data,
}

export interface ChatHost {
  /** Lines in command mode that are no result code, our echo aside (DIAG, NOISE). */
  garbage: number;
  on(e: Ev, r: ResultLine | undefined, text: string): void;
}

export class ChatEngine {
  /** State (Chat). */
  s = Chat.Off;
  /** The script running, its step, and the sends that step has left. */
  q: string[] = [];
  i = 0;
  n = 0;
  /** The one pending timer (a step's time-out, the guard, or the host's wait): `run(ms)`. */
  tm = 0;
  /** The command-mode line being assembled. */
  ln = "";
  /** CONNECT's line ended in CR: an LF at the start of the next chunk is its. */
  lf = false;
  /**
   * The one callback, `x` bound: the UART's receiver (`k(bytes)`), the pin
   * watch of RI and DCD (`k(high)`), and every timer's and pin pulse's end
   * (`k()`). A bound method costs a board less than a closure.
   */
  k: (a?: string | boolean | ResultLine | null) => void;

  constructor(
    /** The modem's UART (the driver writes the call's data to it). */
    readonly u: Uart,
    readonly c: Clock,
    readonly t: ChatTimings,
    private h: ChatHost,
  ) {
    this.k = this.x.bind(this);
  }

  /**
   * By what it is given: a script, run from its first step (whatever ran
   * before is dropped); `null`, no script, no timer, command mode (the call
   * is over); a number, the one timer set to `ms` (a step's time-out, the
   * guard, or the host's wait: Ev.Timer then), replacing any pending one,
   * the state left as it is.
   */
  run(q: string[] | null | number): void {
    if (this.tm) this.c.cancel(this.tm);
    this.tm = 0;
    if (typeof q === "number") {
      this.tm = this.c.after(this.k, q);
      return;
    }
    this.s = Chat.Off;
    if (!q) return;
    this.q = q;
    this.i = 0;
    this.n = 0;
    if (q.length) return this.x(null);
    this.h.on(Ev.Done, undefined, "");
  }

  /**
   * `k`'s body, the engine's one event switch, by what it is given: bytes
   * from the UART (a string), a pin edge (a boolean), a timer's end
   * (nothing); and from the engine itself, a step's result line (an
   * object) or `null`, a script's start. A result, or the time-out of a
   * Step or Any, ends the current step: the next step, or the same one
   * again while it has sends left, is sent; or the script is Done or
   * failed.
   */
  x(a?: string | boolean | ResultLine | null): void {
    if (typeof a === "boolean") return this.h.on(a ? Ev.Ring : Ev.Carrier, undefined, "");
    if (typeof a === "string") {
      let b = a;
      if (this.s === Chat.Data) {
        if (this.lf && b.charCodeAt(0) === 10) b = b.substr(1);
        this.lf = false;
        if (b) this.h.on(Ev.Data, undefined, b);
        return;
      }
      for (let i = 0; i < b.length; i++) {
        const c = b.charCodeAt(i);
        if (c === 13 || c === 10) {
          const line = this.ln;
          this.ln = "";
          if (line) {
            const r = parseResult(line);
            // Our own echo (before ATE0 takes) is expected; anything else is noise.
            if (r.code === Result.None) {
              if (line.substr(0, 2).toUpperCase() !== "AT") this.h.garbage++;
            } else if (r.code === Result.Ring) this.h.on(Ev.Ring, r, line);
            else if (this.s !== Chat.Off) this.x(r);
          }
          // The caller's first bytes may follow CONNECT in the same chunk
          // (x(r) may have changed the state: TypeScript cannot see that).
          if ((this.s as Chat) === Chat.Data) {
            this.lf = c === 13;
            if (i + 1 < b.length) this.x(b.substr(i + 1));
            return;
          }
        } else if (c >= 32 && c < 127 && this.ln.length < K.MaxLine) this.ln += b.charAt(i);
      }
      return;
    }
    if (a === undefined) {
      this.tm = 0;
      if (this.s === Chat.Guard) {
        this.u.write("+++");
        this.s = Chat.Any;
        return this.run(this.t.guardMs + this.t.modemCmdMs);
      }
      if (this.s !== Chat.Step && this.s !== Chat.Any) return this.h.on(Ev.Timer, undefined, "");
    }
    // The current step's result (undefined: its time-out), or null: its start.
    let k = this.q[this.i];
    if (a !== null) {
      const want = k.charAt(0) === "c" ? Result.Connect : Result.Ok;
      if (this.s === Chat.Any || (a && a.code === want)) {
        this.n = 0;
        if (++this.i >= this.q.length) {
          this.run(null);
          if (want === Result.Connect) this.s = Chat.Data;
          return this.h.on(Ev.Done, a, k);
        }
        k = this.q[this.i];
      } else if (--this.n <= 0) {
        this.run(null);
        return this.h.on(Ev.Fail, a, k);
      }
    }
    const f = k.charAt(0);
    if (f === "+") {
      this.s = Chat.Guard;
      return this.run(this.t.guardMs);
    }
    let ms = this.t.modemCmdMs;
    let cmd = k;
    if (f === "c") {
      cmd = k.substr(1);
      ms = this.t.carrierWaitMs + K.AnswerMarginMs;
    } else if (f >= "1" && f <= "9") {
      cmd = k.substr(1);
      if (!this.n) this.n = +f;
    }
    if (!this.n) this.n = 1;
    this.s = Chat.Step;
    this.u.write(cmd + "\r");
    this.run(ms);
  }
}
