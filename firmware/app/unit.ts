// The SMC's one resident object: the context every command uses, and the
// handler of its parts' events. Its methods are prototype methods, shared,
// instead of a closure per event kept alive by the boot function's scope
// (on a board each closure costs ~8 variables and keeps that whole scope):
//
//   run(cmd, reply)     the console port's dispatcher: a parsed command to
//                       runLocal, the router (another SMC's) or, in
//                       pass-through wiring, the next SMC (passOn)
//   call(e, n, s)       the modem's events (ModemPort): Data; Connected (the
//                       console port opens, the no-AUTH timer is armed);
//                       Ended (hangup(why, true)); Answer (it rings: now?)
//   log(code, text)     a part's event-log record
//   creds(user, pw)     the one credentials check
//   timer(op)           the timers: Tick (every Tick.WatchdogS / 4: kicks the
//                       watchdog; once a minute the NOISE record), and the
//                       no-AUTH timer's Arm, Check (it fired), Stop
//   hangup(why)         ends the call: every flag, and the phone call
//
// The call, as far as this object keeps it: none (the console port down,
// unless UART1 is wired directly: then always one) -> connected -> in a call
// (port up; with a modem, the no-AUTH timer hangs up a call no SMC is
// authenticated in) -> hangup / ended -> none. Boot-only work is in
// startSmc (smc.ts).
import { Op, Router } from "../chain";
import { parseConfig, readSlots, scanUsers, SmcConfig } from "../config";
import { BoardDesc, Hal } from "../hal";
import { EventLog } from "../log";
import { Call, Ev, HayesModem } from "../modem";
import { PassThroughRelay } from "../passthrough";
import { Command, Reply } from "../protocol";
import { ServerBody, ServerInputs } from "../server";
import { Role, roleOf } from "../auth";
import { runLocal } from "./commands";
import { ConsolePort } from "./consolePort";
import { SmcContext } from "./context";
import { passOn } from "./passOn";
import { Session } from "./session";

// Constants as a const enum: inlined where used, no variable on a board.
export const enum Tick {
  /** Seconds without a kick before the watchdog reboots the board. */
  WatchdogS = 10,
  /** The tick's period: four kicks within the watchdog's time. */
  Ms = (WatchdogS * 1000) / 4,
  /** At most one NOISE record this often. */
  NoiseReportMs = 60000,
}
/** Tick.Ms for the host's tools (not in a bundle: nothing there reads it). */
export const TICK_MS: number = Tick.Ms;

/** timer()'s operations. */
export const enum Timer {
  /** The watchdog's kick and the noise record. */
  Tick,
  /** The no-AUTH timer fired. */
  Check,
  /** A call started: arm the no-AUTH timer. */
  Arm,
  /** Cancel it. */
  Stop,
}

export class Unit implements SmcContext {
  configSource = "";
  version = "";
  startedAt = 0;
  eventLog!: EventLog;
  body!: ServerBody;
  inputs!: ServerInputs;
  watchdog = false;
  boots = 0;
  lastEnd = "";
  session!: Session;
  auth!: Session;
  router!: Router;
  modem?: HayesModem;
  port!: ConsolePort;
  relay?: PassThroughRelay;
  /** Pass-through, after the first SMC: the call comes through another SMC, which alone times it out (docs/passthrough.md, "The end of a call"). */
  further = false;
  /** The no-AUTH timer of a modem's call (0: none), and whether an SMC was authenticated at its last check. */
  private authTimer = 0;
  private wasAuthed = false;
  /** The noise counters at the last NOISE record (see timer; empty: all 0), and ticks since. */
  private counted: number[] = [];
  private ticks = 0;

  constructor(
    public hal: Hal,
    public board: BoardDesc,
    public config: SmcConfig,
  ) {}

  /**
   * Which of this SMC's accounts `user`/`password` open: the one
   * credentials check (console AUTH, passOn, the router's search). The
   * accounts are read from the stored configuration for each check, not
   * kept (none costs a variable between logins; docs/protocol.md, "Roles"):
   * a change to them is in force at the next login.
   */
  creds(user: string, secret: string): Role {
    // The packed accounts scanned (config/load.ts scanUsers: no parse of the
    // document, docs/bench.md "True peak"); an older document's, parsed.
    const f = readSlots(this.hal.store, this.hal.sys.crc32);
    return roleOf((f && scanUsers(f.json, user)) || parseConfig(f ? f.json : undefined, undefined, user).config.accounts!, this.config, user, secret);
  }

  /** Writes an event-log record; false when the log's rate limit held it back. */
  log(code: string, text: string): boolean {
    return this.eventLog.add(code, text);
  }

  run(cmd: Command, reply: Reply): void {
    const router = this.router;
    router.touch();
    // Without an ID: the SMC most recently authenticated (embodiment 1's
    // AUTH then STATUS); with one: that SMC (embodiment 4).
    const target = cmd.target || router.current || this.config.id;
    // Pass-through: what is not this SMC's own goes on to the next SMC.
    if (this.relay && passOn(this, cmd, target, reply)) return;
    if (cmd.head || target === this.config.id) return runLocal(this, cmd, reply, false);
    router.ask(Op.Request, reply, cmd.line, target);
  }

  /**
   * The modem's events (modem/driver.ts, ModemPort): the caller's bytes; the
   * call is up at `n` bit/s (the console port opens, the no-AUTH timer is
   * armed); the call is over (`s`: why); it rings, `n` ring cycles into a
   * call: answer now? At `answerRings`, and, for a backup modem (primaryId
   * set), never while the primary SMC is seen alive on a link (docs/modem.md
   * explains the trade-off).
   */
  call(e: Call, n: number, s: string): boolean | void {
    switch (e) {
      case Call.Data:
        return this.port.feed(s);
      case Call.Connected:
        this.port.reset(true);
        this.wasAuthed = false;
        this.auth.dial++;
        this.timer(this.further ? Timer.Stop : Timer.Arm);
        this.log("CALL", "connected" + (n ? " at " + n : ""));
        // Pass-through: the SMC before this one gives its wall clock in the
        // CONNECT line of its imitated modem (no heartbeats on a modem
        // cable); taken as a console's TIME is, a step of a second or less
        // writing nothing. Only where the call comes through another SMC.
        if (s && !this.config.passFirst && this.config.wiring === "passthrough") this.eventLog.time(+s, 0, "from the SMC before (pass-through)");
        return;
      case Call.Ended:
        this.log("CALL", "ended: " + s);
        this.timer(Timer.Stop);
        return this.hangup(s, true);
    }
    const rings = n;
    const c = this.config;
    const links = this.router.links;
    this.log("RING", "" + rings);
    if (rings < c.answerRings) return false;
    for (let i = 0; c.primaryId && i < links.length; i++) {
      if (links[i].usable() && links[i].peer === c.primaryId) {
        this.log("RING", "primary SMC " + c.primaryId + " is alive: leaving the call to it");
        return false;
      }
    }
    return true;
  }

  /**
   * Ends the call: every flag, and the phone call when there is one (unless
   * `ended`: the modem says it is over); a wired terminal stays "in a call".
   */
  hangup(why: string, ended?: boolean): void {
    if (this.modem && !ended) this.modem.on(Ev.Hangup, undefined, why);
    // First: nothing queued in the call, nor the running command's reply,
    // may run or answer once it is over (the router's end answers a pending search).
    this.port.reset(false);
    if (this.relay) this.relay.end();
    this.router.endCall(why);
    // Pass-through: an AUTH granted further on set it without a call here.
    this.router.current = 0;
    this.session.end(why);
    const a = this.auth;
    a.inCall = 0;
    a.nonce = "";
    // A failure's answer still waiting (session.ts) goes with the call.
    if (a.wait) this.hal.clock.cancel(a.wait);
    a.wait = 0;
    if (!this.modem) this.port.reset(true);
  }

  /**
   * The timers. Tick: the watchdog resets the board unless kicked; the kick
   * runs from a timer, so a hung event loop (a firmware bug, a runaway loop)
   * ends in a reboot; every Tick.NoiseReportMs, the noise record (below).
   *
   * The no-AUTH timer (Arm, Check, Stop): nobody who dials may hold the
   * site's only line without AUTH: a call in which no SMC is authenticated
   * (or, after a LOGOUT, none was at the last check either) is hung up after
   * t.unauthMs. In pass-through wiring the first SMC knows of every grant in
   * the call (`current`), so it alone checks: one further on sees only its own.
   */
  timer(op: Timer): void {
    const clock = this.hal.clock;
    if (op !== Timer.Tick) {
      // A timer that fired is not cancelled: Espruino reuses its id at once.
      if (op === Timer.Check) this.authTimer = 0;
      if (this.authTimer) clock.cancel(this.authTimer);
      this.authTimer = 0;
      if (op === Timer.Check) {
        const authed = !!this.router.current;
        if (!authed && !this.wasAuthed) return this.hangup("not authenticated");
        this.wasAuthed = authed;
      }
      if (op !== Timer.Stop) this.authTimer = clock.after(() => this.timer(Timer.Check), this.config.t.unauthMs);
      return;
    }
    this.hal.sys.kickWatchdog();
    if (++this.ticks < Tick.NoiseReportMs / Tick.Ms) return;
    this.ticks = 0;
    // Damaged input that no reply can answer (bad link frames, link receive
    // overflows, stray lines from the modem) is counted where it arrives;
    // their growth becomes one record a minute at most ("link A: 2 damaged
    // frames, 1 overflows; modem: 3 stray lines"), so a noisy cable shows in
    // the log without wearing the flash out. `counted`: per link damaged and
    // overflows, then the modem's stray lines.
    const links = this.router.links;
    const counted = this.counted;
    const parts: string[] = [];
    const n = links.length;
    for (let i = 0; i < n; i++) {
      const k = links[i];
      const bad = k.bad - (counted[2 * i] | 0);
      const over = k.overflows - (counted[2 * i + 1] | 0);
      if (bad || over) parts.push("link " + k.name + ": " + bad + " damaged frames, " + over + " overflows");
      counted[2 * i] = k.bad;
      counted[2 * i + 1] = k.overflows;
    }
    const garbage = this.modem ? this.modem.garbage : 0;
    const stray = garbage - (counted[2 * n] | 0);
    if (stray) parts.push("modem: " + stray + " stray lines");
    counted[2 * n] = garbage;
    if (parts.length) this.log("NOISE", parts.join("; "));
  }
}
