// The Hayes (V.250) modem on UART1, with ring indicate and carrier detect on
// inputs and DTR on an output. One state machine: initialise (each command
// must answer OK), wait for rings, answer, pass the call's data to the
// console, and hang up (DTR drop, then "+++" and ATH0 if the modem stays
// connected). A modem that stops answering is retried with back-off while
// the SMC goes on serving the chain.
import { Timings } from "../config";
import { Clock, Pins, Uart } from "../hal";
import { parseResult, Result, ResultLine } from "./results";
import { RingCounter } from "./rings";

/** Longest result line kept in command mode; modem lines are short. */
const MAX_LINE = 80;
/** How long DTR is dropped to hang up (&D2). */
const DTR_DROP_MS = 500;
/** Added to the modem's own carrier wait before an answer counts as failed. */
const ANSWER_MARGIN_MS = 5000;
/** How long a modem's power is cut, where the board can (pin role "modemPower", active high). */
const POWER_OFF_MS = 2000;
/** Longest back-off between init attempts of a modem that does not answer. */
const MAX_BACKOFF_MS = 60000;
/** How often DCD's level is read during a call (two low readings in a row end it). */
const CARRIER_CHECK_MS = 1000;

export const enum ModemState {
  Init,
  Fault,
  Idle,
  Answering,
  Online,
  HangingUp,
}

const STATE_NAMES = ["init", "fault", "idle", "answering", "online", "hanging up"];

/** The timings the driver uses (documented in config/types.ts). */
export type ModemTimings = Pick<Timings, "modemCmdMs" | "carrierWaitMs" | "guardMs" | "ringMergeMs" | "ringSilenceMs" | "healthMs">;

export interface ModemEvents {
  /** Bytes of the call, for the console protocol. */
  data(bytes: string): void;
  connected(rate: number): void;
  /** The call is over: carrier lost, or hung up. */
  ended(why: string): void;
  /** Whether to answer now, `rings` cycles into a call. */
  shouldAnswer(rings: number): boolean;
  log(code: string, text: string): void;
}

export class HayesModem {
  state = ModemState.Init;
  rate = 0;
  /** Garbage lines seen in command mode, for DIAG. */
  garbage = 0;
  private line = "";
  private afterConnect = false;
  private waiting: ((r: ResultLine | undefined) => void) | undefined;
  private timer = 0;
  private healthTimer = 0;
  /** Consecutive carrier checks that found DCD low. */
  private dcdLow = 0;
  /** DCD has been seen up in this call (some modems raise it after CONNECT). */
  private dcdUp = false;
  private backoff = 0;
  private rings: RingCounter;

  constructor(
    private uart: Uart,
    private pins: Pins,
    private clock: Clock,
    private t: ModemTimings,
    private init: string[],
    private ev: ModemEvents,
  ) {
    this.rings = new RingCounter(t.ringMergeMs, t.ringSilenceMs);
  }

  start(baud: number): void {
    this.uart.setup(baud);
    this.uart.onData((bytes) => this.feed(bytes));
    if (this.pins.has("dtr")) this.pins.write("dtr", true);
    if (this.pins.has("ri")) this.pins.watch("ri", "rising", 20, () => this.ringEvent());
    if (this.pins.has("dcd")) {
      this.pins.watch("dcd", "falling", 20, () => this.carrierLost());
      // A carrier that rises and falls within the debounce leaves no edge to
      // see, and the SMC would stay "online" on a dead line until the idle
      // time-out. Reading the level catches it; two low readings in a row,
      // so a DCD that rises just after CONNECT is not taken for a loss.
      this.clock.every(() => {
        if (this.state !== ModemState.Online) this.dcdLow = 0;
        else if (this.pins.read("dcd")) {
          this.dcdLow = 0;
          this.dcdUp = true;
        } else if (++this.dcdLow >= 2) this.carrierLost();
      }, CARRIER_CHECK_MS);
    }
    this.runInit();
  }

  stateName(): string {
    return STATE_NAMES[this.state] + (this.state === ModemState.Online && this.rate ? " " + this.rate : "");
  }

  online(): boolean {
    return this.state === ModemState.Online;
  }

  /** Call data to the caller; nothing reaches a modem that is not online. */
  write(bytes: string): void {
    if (this.state === ModemState.Online) this.uart.write(bytes);
  }

  /** Ends the call from this side (BYE, idle time-out). */
  hangup(why: string): void {
    if (this.state !== ModemState.Online && this.state !== ModemState.Answering) return;
    this.ev.ended(why);
    this.dropLine();
  }

  // ---- command mode ----

  private send(cmd: string, ms: number, then: (r: ResultLine | undefined) => void): void {
    this.uart.write(cmd + "\r");
    this.expect(ms, then);
  }

  private expect(ms: number, then: (r: ResultLine | undefined) => void): void {
    this.cancel();
    this.waiting = then;
    this.timer = this.clock.after(() => {
      this.timer = 0;
      const w = this.waiting;
      this.waiting = undefined;
      if (w) w(undefined);
    }, ms);
  }

  private cancel(): void {
    if (this.timer) this.clock.cancel(this.timer);
    this.timer = 0;
    this.waiting = undefined;
  }

  /** Runs commands in order, each of which must answer OK; `done` gets "" or what failed. */
  private chat(cmds: string[], i: number, done: (failed: string) => void): void {
    if (i >= cmds.length) return done("");
    this.send(cmds[i], this.t.modemCmdMs, (r) => {
      if (r && r.code === Result.Ok) return this.chat(cmds, i + 1, done);
      done(cmds[i] + (r ? " answered " + (r.code === Result.Error ? "ERROR" : "something else") : " got no answer"));
    });
  }

  private feed(bytes: string): void {
    if (this.state === ModemState.Online) {
      // The LF of CONNECT's line ending may come in the next chunk.
      if (this.afterConnect && bytes.charCodeAt(0) === 10) bytes = bytes.substr(1);
      this.afterConnect = false;
      // The modem's own result codes are never console input. Once DCD has
      // been up in this call, bytes that come while it is low are the
      // modem's (its NO CARRIER comes before the pin's debounce ends the
      // call). Without a DCD wire, "NO CARRIER" is the only sign: what
      // comes before it is the caller's, but not the line ending in front.
      const at = bytes.indexOf("NO CARRIER");
      if (this.pins.has("dcd")) {
        if (this.pins.read("dcd")) this.dcdUp = true;
        else if (this.dcdUp) return at >= 0 ? this.carrierLost() : undefined;
        if (bytes) this.ev.data(bytes);
        return;
      }
      if (at < 0) return bytes ? this.ev.data(bytes) : undefined;
      let n = at;
      while (n > 0 && (bytes.charCodeAt(n - 1) === 13 || bytes.charCodeAt(n - 1) === 10)) n--;
      if (n) this.ev.data(bytes.substr(0, n));
      return this.carrierLost();
    }
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes.charCodeAt(i);
      if (c === 13 || c === 10) {
        if (this.line) this.result(this.line);
        this.line = "";
        // The caller's first bytes may follow CONNECT in the same chunk.
        if (this.online()) {
          this.afterConnect = c === 13;
          const rest = bytes.substr(i + 1);
          if (rest) this.feed(rest);
          return;
        }
      } else if (c >= 32 && c < 127 && this.line.length < MAX_LINE) this.line += bytes.charAt(i);
    }
  }

  private result(text: string): void {
    const r = parseResult(text);
    if (r.code === Result.None) {
      // Our own echo (before ATE0 takes) is expected; anything else is noise.
      if (text.substr(0, 2).toUpperCase() !== "AT") this.garbage++;
      return;
    }
    if (r.code === Result.Ring) return this.ringEvent();
    const w = this.waiting;
    if (!w) return;
    this.cancel();
    w(r);
  }

  // ---- the states ----

  private runInit(): void {
    this.state = ModemState.Init;
    this.chat(this.init, 0, (failed) => {
      if (failed) return this.fault("init: " + failed);
      if (this.backoff) this.ev.log("MODEM", "recovered");
      this.backoff = 0;
      this.ev.log("MODEM", "ready");
      this.idle();
    });
  }

  private fault(why: string): void {
    this.cancel();
    this.state = ModemState.Fault;
    this.backoff = this.backoff ? Math.min(this.backoff * 2, MAX_BACKOFF_MS) : 2000;
    this.ev.log("MODEM", why + "; retry in " + this.backoff / 1000 + " s");
    this.clock.after(() => {
      // A wedged modem often recovers from a DTR drop; where the board
      // switches the modem's power, a power cycle goes first.
      const init = () => this.pulseDtr(() => this.runInit());
      if (this.pins.has("modemPower")) this.pins.pulse("modemPower", false, POWER_OFF_MS, init);
      else init();
    }, this.backoff);
  }

  // The ring count is left alone here: a call may be ringing in while the
  // modem hangs up or is health-checked, and its rings count on.
  private idle(): void {
    this.state = ModemState.Idle;
    if (this.healthTimer) this.clock.cancel(this.healthTimer);
    this.healthTimer = this.clock.after(() => this.health(), this.t.healthMs);
  }

  private health(): void {
    this.healthTimer = 0;
    if (this.state !== ModemState.Idle) return;
    // Never talk over a call that is ringing in.
    if (!this.rings.silent(this.clock.now())) return this.idle();
    this.send("AT", this.t.modemCmdMs, (r) => {
      if (r && r.code === Result.Ok) return this.idle();
      // Once more before escalating: one lost OK is not a dead modem.
      this.send("AT", this.t.modemCmdMs, (again) => {
        if (again && again.code === Result.Ok) return this.idle();
        this.ev.log("MODEM", "no OK to the health check");
        this.escape(() => this.runInit());
      });
    });
  }

  private ringEvent(): void {
    // Rings of a new call count while the last one is still being hung up
    // (a caller who redials at once); only an idle modem answers.
    if (this.state === ModemState.Answering || this.state === ModemState.Online) return;
    const before = this.rings.count;
    const n = this.rings.ring(this.clock.now());
    // Only a new cycle can reach the threshold; a merged event is the same ring.
    if (n !== before && this.ev.shouldAnswer(n) && this.state === ModemState.Idle) this.answer();
  }

  private answer(): void {
    this.state = ModemState.Answering;
    this.ev.log("MODEM", "answering");
    // After ATA any byte would abort the answering modem: send nothing more.
    this.send("ATA", this.t.carrierWaitMs + ANSWER_MARGIN_MS, (r) => {
      if (r && r.code === Result.Connect) {
        this.state = ModemState.Online;
        this.dcdUp = this.pins.has("dcd") && this.pins.read("dcd");
        this.rate = r.rate;
        this.rings.reset();
        return this.ev.connected(r.rate);
      }
      this.ev.log("MODEM", "answer failed: " + (r ? "no carrier" : "no result"));
      this.dropLine();
    });
  }

  private carrierLost(): void {
    if (this.state !== ModemState.Online) return;
    this.ev.ended("carrier lost");
    this.dropLine();
  }

  private pulseDtr(then: () => void): void {
    if (!this.pins.has("dtr")) return then();
    this.pins.pulse("dtr", false, DTR_DROP_MS, then);
  }

  /**
   * Hangs up by dropping DTR (&D2), confirmed by DCD low and an OK to AT.
   * The "+++" escape and ATH0 only where DTR is not wired or the carrier
   * stays up: the default init disables the escape (S2=128) so no caller
   * can reach the modem's command mode, and a modem that ignores DTR needs
   * it enabled (docs/modem.md).
   */
  private dropLine(): void {
    this.cancel();
    this.state = ModemState.HangingUp;
    this.rate = 0;
    if (!this.pins.has("dtr")) return this.escape(() => this.idle());
    this.pulseDtr(() => {
      if (this.pins.has("dcd") && this.pins.read("dcd")) {
        this.ev.log("MODEM", "DTR drop did not hang up");
        return this.escape(() => this.idle());
      }
      this.confirm(3);
    });
  }

  /**
   * Asks the hung-up modem for OK. Its NO CARRIER, or an ERROR to call bytes
   * left in its command buffer, may come first: asked again, up to `tries`.
   */
  private confirm(tries: number): void {
    this.send("AT", this.t.modemCmdMs, (r) => {
      if (r && r.code === Result.Ok) return this.idle();
      if (tries > 1) return this.confirm(tries - 1);
      this.fault("no OK after hang-up");
    });
  }

  /** Guard time, "+++", guard time, then ATH0. */
  private escape(then: () => void): void {
    this.cancel();
    this.state = ModemState.HangingUp;
    this.clock.after(() => {
      this.uart.write("+++");
      this.expect(this.t.guardMs + this.t.modemCmdMs, () => {
        this.send("ATH0", this.t.modemCmdMs, (r) => {
          if (r && r.code === Result.Ok) return then();
          this.fault("no OK to ATH0 after +++");
        });
      });
    }, this.t.guardMs);
  }
}
