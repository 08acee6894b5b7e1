// The Hayes (V.250) modem on UART1, with ring indicate and carrier detect on
// inputs and DTR on an output. One state machine (`on`: a switch on the
// event in each state; `to`: each state's entry), whose sequences (init,
// health check, answer, hang-up's confirmation, escape) are scripts run by
// the chat engine (chat.ts): initialise (each command must answer OK), wait
// for rings, answer, pass the call's data to the console, and hang up (DTR
// drop, then "+++" and ATH0 if the modem stays connected). A modem that
// stops answering is retried with back-off while the SMC goes on serving
// the chain.
//
//   event →     Done            Fail            Timer           Ring / Carrier / Data
//   (Hangup, the SMC's own: Answering or Online → HangingUp)
//   Init        → Idle          → Fault         -               rings counted
//   Fault       -               -               → PowerOff|Reset rings counted
//   PowerOff    -               -               → Reset          rings counted
//   Reset       -               -               → Init           rings counted
//   Idle        → Idle (health) → Recover       health check     ring n → Answering
//   Answering   → Online        → HangingUp     -               -
//   Online      -               -               DCD read        Carrier → HangingUp; Data → console
//   HangingUp   -               -               DCD up? Escape : Confirm   rings counted
//   Confirm     → Idle          → Fault         -               rings counted
//   Escape      → Idle          → Fault         -               rings counted
//   Recover     → Init          → Fault         -               rings counted
import { SmcConfig, Timings } from "../config";
import { Hal, Pins } from "../hal";
import { ChatEngine, Ev } from "./chat";
import { Result, ResultLine } from "./results";
import { countRing, Rings } from "./rings";

// Constants as a const enum: inlined where used, no variable on a board.
const enum Ms {
  /** How long DTR is dropped to hang up (&D2). */
  DtrDrop = 500,
  /** How long a modem's power is cut, where the board can (pin role "modemPower", active high). */
  PowerOff = 2000,
  /** The first back-off after a fault; it doubles on each failed retry. */
  FirstBackoff = 2000,
  /** Longest back-off between init attempts of a modem that does not answer. */
  MaxBackoff = 60000,
  /** How often DCD's level is read during a call (two low readings in a row end it). */
  CarrierCheck = 1000,
  /** Call bytes held while DCD has not been seen up (a line; not a time). */
  MaxHeld = 80,
}

// The scripts (step syntax: chat.ts) are array literals where they run, so
// that they hold no memory between runs. The init script is the config's
// `modemInit`; the others:
//   health check  ["2AT"]          idle: AT must answer OK, once more before
//                                   escalating (one lost OK is not a dead modem)
//   answer        ["cATA"]         after ATA any byte would abort the answering
//                                   modem: one step, nothing more sent
//   confirm       ["3AT"]          after the DTR drop: its NO CARRIER, or an
//                                   ERROR to call bytes left in its buffer, may
//                                   come first
//   escape        ["+++", "ATH0"]  only where DTR is not wired or does not hang up

export const enum ModemState {
  Init,
  Fault,
  Idle,
  Answering,
  Online,
  HangingUp,
  /** Fault's recovery: the modem's power cut (where the board switches it). */
  PowerOff,
  /** Fault's recovery: DTR dropped before init again (a wedged modem often recovers). */
  Reset,
  /** Hanging up: the DTR drop is asked for OK. */
  Confirm,
  /** Hanging up with "+++" and ATH0, then idle. */
  Escape,
  /** The health check failed: "+++" and ATH0, then init. */
  Recover,
}


/** The timings the driver uses (documented in config/types.ts). */
export type ModemTimings = Pick<Timings, "modemCmdMs" | "carrierWaitMs" | "guardMs" | "ringMergeMs" | "ringSilenceMs" | "healthMs">;

/** What the driver tells the app about a call (`ModemPort.call`). */
export const enum Call {
  /** Bytes of the call (`s`), for the console protocol. */
  Data,
  /** Connected at `n` bit/s (0: not given); `s` the wall clock its CONNECT line carried (Unix seconds, pass-through), or "". */
  Connected,
  /** The call is over (`s`: why): carrier lost, or hung up. */
  Ended,
  /** Whether to answer now, `n` ring cycles into a call: the answer is the return value. */
  Answer,
}

/**
 * The app's side of the modem: one method, a switch on the event (a method
 * of an object the app already has costs a board nothing more; a closure
 * per event cost ~8 variables each).
 */
export interface ModemPort {
  call(e: Call, n: number, s: string): boolean | void;
}

/** Where the driver writes its MODEM records: the event log. */
export interface ModemLog {
  add(code: string, text: string): unknown;
}

export class HayesModem {
  state = ModemState.Init;
  /** The state as STATUS and DIAG show it ("online 33600", "fault"...), set with `state`. */
  word = "init";
  rate = 0;
  /** The wall clock its CONNECT line carried (an imitated modem's, pass-through), 0: none. */
  tm = 0;
  /** Garbage lines seen in command mode, for DIAG (counted by the engine). */
  garbage = 0;
  /** Consecutive carrier checks that found DCD low. */
  private low = 0;
  /** DCD has been seen up in this call (some modems raise it after CONNECT). */
  private up = false;
  /** Call bytes that came before DCD was first seen up (at most Ms.MaxHeld). */
  private held = "";
  private back = 0;
  private rg: Rings = { n: 0, last: -1e15, st: -1e15, pd: 0 };
  private c: ChatEngine;
  private p: Pins;
  private t: ModemTimings;
  private init: string[];

  /** Opens UART1 at the config's modem baud rate, raises DTR, watches RI and DCD, and starts the init script. */
  constructor(hal: Hal, config: SmcConfig, private lg: ModemLog, private pt: ModemPort) {
    const p = hal.pins;
    const u = hal.ports.modem;
    const c = new ChatEngine(u, hal.clock, config.t, this);
    this.c = c;
    this.p = p;
    this.t = config.t;
    this.init = config.modemInit;
    u.setup(config.modemBaud);
    // The engine's one callback is the receiver and the pins' handler too:
    // RI is watched rising (true: Ring), DCD falling (false: Carrier).
    u.onData(c.k);
    if (p.has("dtr")) p.write("dtr", true);
    if (p.has("ri")) p.watch("ri", "rising", 20, c.k);
    if (p.has("dcd")) p.watch("dcd", "falling", 20, c.k);
    this.to(ModemState.Init, "");
  }

  /** Call data to the caller; nothing reaches a modem that is not online. */
  write(bytes: string): void {
    if (this.state === ModemState.Online) this.c.u.write(bytes);
  }

  /** The state machine's one event switch (events: chat.ts `Ev`; the table above). */
  on(e: Ev, r: ResultLine | undefined, s: string): void {
    const st = this.state;
    const p = this.p;
    switch (e) {
      case Ev.Ring: {
        // Rings of a new call count while the last one is still being hung
        // up (a caller who redials at once); only an idle modem answers. The
        // count is left alone by everything else: a call may be ringing in
        // while the modem hangs up or is health-checked, and its rings count on.
        if (st === ModemState.Answering || st === ModemState.Online) return;
        const before = this.rg.n;
        const n = countRing(this.rg, this.c.c.now(), this.t);
        // Only a new cycle can reach the threshold; a merged event is the same ring.
        if (n !== before && this.pt.call(Call.Answer, n, "") && this.state === ModemState.Idle) this.to(ModemState.Answering, "");
        return;
      }
      case Ev.Carrier:
        if (st !== ModemState.Online) return;
        this.pt.call(Call.Ended, 0, "carrier lost");
        return this.to(ModemState.HangingUp, "");
      case Ev.Data: {
        if (st !== ModemState.Online) return;
        // The modem's own result codes are never console input. Once DCD has
        // been up in this call, bytes that come while it is low are the
        // modem's (its NO CARRIER comes before the pin's debounce ends the
        // call). Without a DCD wire, "NO CARRIER" is the only sign: what
        // comes before it is the caller's, but not the line ending in front.
        // Espruino's indexOf also "finds" a needle whose start ends the
        // string ("@2 POWER ON".indexOf("NO CARRIER") is 10): only a whole
        // match counts, or a caller's line ending in N would hang up.
        let at = s.indexOf("NO CARRIER");
        if (at >= 0 && s.substr(at, 10) !== "NO CARRIER") at = -1;
        if (p.has("dcd")) {
          if (!p.read("dcd")) {
            if (this.up) return at >= 0 ? this.on(Ev.Carrier, undefined, "") : undefined;
            // DCD not seen up yet: a modem that raises it after CONNECT, or
            // a carrier that came and went before CONNECT was read (a
            // caller who hangs up at once; its NO CARRIER follows). Held,
            // a line at most, until DCD is seen up; dropped with the call.
            this.held = (this.held + s).substr(0, Ms.MaxHeld);
            return;
          }
          this.up = true;
          // Behind any bytes held while DCD was not yet up.
          const h = this.held;
          this.held = "";
          this.pt.call(Call.Data, 0, h + s);
          return;
        }
        if (at < 0) {
          this.pt.call(Call.Data, 0, s);
          return;
        }
        let n = at;
        while (n > 0 && (s.charCodeAt(n - 1) === 13 || s.charCodeAt(n - 1) === 10)) n--;
        if (n) this.pt.call(Call.Data, 0, s.substr(0, n));
        return this.on(Ev.Carrier, undefined, "");
      }
      case Ev.Timer:
        switch (st) {
          case ModemState.Fault:
            // A wedged modem often recovers from a DTR drop; where the board
            // switches the modem's power, a power cycle goes first.
            return this.to(p.has("modemPower") ? ModemState.PowerOff : ModemState.Reset, "");
          case ModemState.PowerOff:
            return this.to(ModemState.Reset, "");
          case ModemState.Reset:
            return this.to(ModemState.Init, "");
          case ModemState.Idle:
            // Never talk over a call that is ringing in.
            if (this.c.c.now() - this.rg.last <= this.t.ringSilenceMs) return this.to(ModemState.Idle, "");
            return this.c.run(["2AT"]);
          case ModemState.Online:
            // A carrier that rises and falls within the debounce leaves no
            // edge to see, and the SMC would stay "online" on a dead line
            // until the idle time-out. Reading the level catches it; two low
            // readings in a row, so a DCD that rises just after CONNECT is
            // not taken for a loss.
            if (p.read("dcd")) {
              this.low = 0;
              this.up = true;
              if (this.held) this.pt.call(Call.Data, 0, this.held);
              this.held = "";
            } else if (++this.low >= 2) return this.on(Ev.Carrier, undefined, "");
            return this.c.run(Ms.CarrierCheck);
          case ModemState.HangingUp:
            // The DTR drop has ended.
            if (p.has("dcd") && p.read("dcd")) {
              this.lg.add("MODEM", "DTR drop did not hang up");
              return this.to(ModemState.Escape, "");
            }
            return this.to(ModemState.Confirm, "");
        }
        return;
      case Ev.Done:
        switch (st) {
          case ModemState.Init:
            if (this.back) this.lg.add("MODEM", "recovered");
            this.back = 0;
            this.lg.add("MODEM", "ready");
            return this.to(ModemState.Idle, "");
          case ModemState.Answering:
            this.rate = r ? r.rate : 0;
            this.tm = (r && r.t) || 0;
            return this.to(ModemState.Online, "");
          case ModemState.Recover:
            return this.to(ModemState.Init, "");
        }
        // Idle (the health check), Confirm, Escape.
        return this.to(ModemState.Idle, "");
      case Ev.Fail:
        switch (st) {
          case ModemState.Init:
            return this.to(ModemState.Fault, "init: " + s + (r ? " answered " + (r.code === Result.Error ? "ERROR" : "something else") : " got no answer"));
          case ModemState.Idle:
            this.lg.add("MODEM", "no OK to the health check");
            return this.to(ModemState.Recover, "");
          case ModemState.Answering:
            this.lg.add("MODEM", "answer failed: " + (r ? "no carrier" : "no result"));
            return this.to(ModemState.HangingUp, "");
          case ModemState.Confirm:
            return this.to(ModemState.Fault, "no OK after hang-up");
        }
        // Escape, Recover.
        return this.to(ModemState.Fault, "no OK to ATH0 after +++");
      case Ev.Hangup:
        // The SMC ends the call from this side (BYE, idle time-out; `s`:
        // why). An event, not a method of its own (~8 variables of a
        // board); the last case, so the call's data passes fewer on its way.
        if (st !== ModemState.Online && st !== ModemState.Answering) return;
        this.pt.call(Call.Ended, 0, s);
        return this.to(ModemState.HangingUp, "");
    }
  }

  /** Enters a state: what each state does on entry (`why`: a fault's log text). */
  private to(st: ModemState, why: string): void {
    const c = this.c;
    const p = this.p;
    this.state = st;
    // By ModemState: the one word STATUS and DIAG show (a field, not a
    // method: a function object costs a board ~8 variables, the word ~2).
    this.word = "init,fault,idle,answering,online,hanging up,fault,fault,hanging up,hanging up,hanging up".split(",")[st] + (st === ModemState.Online && this.rate ? " " + this.rate : "");
    switch (st) {
      case ModemState.Init:
        return c.run(this.init);
      case ModemState.Fault:
        c.run(null);
        this.back = this.back ? Math.min(this.back * 2, Ms.MaxBackoff) : Ms.FirstBackoff;
        this.lg.add("MODEM", why + "; retry in " + this.back / 1000 + " s");
        return c.run(this.back);
      case ModemState.PowerOff:
        return p.pulse("modemPower", false, Ms.PowerOff, c.k);
      case ModemState.Reset:
        if (!p.has("dtr")) return this.to(ModemState.Init, "");
        return p.pulse("dtr", false, Ms.DtrDrop, c.k);
      case ModemState.Idle:
        return c.run(this.t.healthMs);
      case ModemState.Answering:
        this.lg.add("MODEM", "answering");
        return c.run(["cATA"]);
      case ModemState.Online:
        this.up = p.has("dcd") && p.read("dcd");
        this.low = 0;
        this.held = "";
        // An answered call: the next ring is a new call's first.
        this.rg = { n: 0, last: -1e15, st: -1e15, pd: 0 };
        this.pt.call(Call.Connected, this.rate, this.tm ? "" + this.tm : "");
        if (p.has("dcd") && this.state === ModemState.Online) c.run(Ms.CarrierCheck);
        return;
      case ModemState.HangingUp:
        // Hangs up by dropping DTR (&D2), confirmed by DCD low and an OK to
        // AT. The "+++" escape and ATH0 only where DTR is not wired or the
        // carrier stays up: the default init disables the escape (S2=128)
        // so no caller can reach the modem's command mode, and a modem that
        // ignores DTR needs it enabled (docs/modem.md).
        c.run(null);
        this.rate = 0;
        if (!p.has("dtr")) return this.to(ModemState.Escape, "");
        return p.pulse("dtr", false, Ms.DtrDrop, c.k);
      case ModemState.Confirm:
        return c.run(["3AT"]);
      default:
        // Escape, Recover.
        return c.run(["+++", "ATH0"]);
    }
  }
}
