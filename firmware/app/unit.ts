// The SMC's one resident object: the context every command uses, and the
// handler of its parts' events. Its methods are prototype methods, shared,
// instead of a closure per event kept alive by the boot function's scope
// (on a board each closure costs ~8 variables and keeps that whole scope):
//
//   run(cmd, reply)     the console port's dispatcher: a parsed command to
//                       runLocal, the router (another SMC's) or, in
//                       pass-through wiring, the next SMC (passOn); and
//                       the router's (ChainPort.run): a line that came
//                       over a link, its permission checked
//   call(e, n, s)       the modem's events (ModemPort): Data; Connected (the
//                       console port opens, the no-AUTH timer is armed);
//                       Ended (hangup(why, true)); Answer (it rings: now?);
//                       and the pass-through relay's (RelayHost, Pass): an
//                       AUTH passed on granted or refused further on, the
//                       next SMC hung up; and the router's (ChainPort,
//                       PortEv.Idle): the call has been idle for t.idleMs
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
//
// The Unit is also the router's port (chain/types.ts, ChainPort: config,
// clock, crc, session, who, log, auth, run, call): no object of its own with
// two closures beside it (~35 variables on a board, docs/bench.md).
import { ChainPort, Op, PortEv, Router } from "../chain";
import { parseConfig, readSlots, scanUsers, SmcConfig } from "../config";
import { BoardDesc, Clock, Hal } from "../hal";
import { EventLog } from "../log";
import { Call, Ev, HayesModem } from "../modem";
import { Pass, PassThroughRelay, RelayHost } from "../passthrough";
import { Command, Err, errLine, parseCommand, Reply } from "../protocol";
import { ServerBody, ServerInputs } from "../server";
import { Role, roleOf } from "../auth";
import { runLocal } from "./commands";
import { ConsolePort, Out } from "./consolePort";
import { ipmi, Ipmb } from "./ipmi";
import { SmcContext } from "./context";
import { passOn } from "./passOn";
import { Passed, Session } from "./session";

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

export class Unit implements SmcContext, ChainPort, RelayHost {
  configSource = "";
  version = "";
  startedAt = 0;
  /** The event log (and the router's: its wall clock). */
  log!: EventLog;
  /** The router's: the HAL's clock and CRC, and the credentials check (this). */
  clock: Clock;
  crc: (s: string) => number;
  who = this;
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
  /** Pass-through only (RelayHost): the longest a failed AUTH's answer waits, t.failDelayMs * Wait.Cap. */
  authWaitMs?: number;
  /** Pass-through, after the first SMC: the call comes through another SMC, which alone times it out (docs/passthrough.md, "The end of a call"). */
  further = false;
  /** The no-AUTH timer of a modem's call (0: none), and whether an SMC was authenticated at its last check. */
  private authTimer = 0;
  private wasAuthed = false;
  /** The noise counters at the last NOISE record (see timer; empty: all 0), and ticks since. */
  private counted: number[] = [];
  private ticks = 0;
  /** Handlers the interpreter stopped (out of memory, or an uncaught error) since boot, for DIAG (timer). */
  ooms = 0;

  constructor(
    public hal: Hal,
    public board: BoardDesc,
    public config: SmcConfig,
  ) {
    this.clock = hal.clock;
    this.crc = hal.sys.crc32;
  }

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

  /** `cmd`: the console's parsed command, or a line that came over a link (the router has checked the flag). */
  run(cmd: Command | string, reply: Reply): void {
    if (typeof cmd === "string") {
      // A bridged IPMI request (app/ipmi.ts).
      if (cmd.charAt(0) === "[") return ipmi(this, cmd, reply, Ipmb.Via);
      const c = parseCommand(cmd);
      if (typeof c === "number") return reply.err(c);
      // The head sends a request without its @id: one here is not the head's.
      if (c.target) return reply.err(Err.BadArguments);
      return runLocal(this, c, reply, true);
    }
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
   * explains the trade-off). And the call's other events, beside the
   * modem's (one method, not one each: a method costs a board ~8
   * variables): the pass-through relay's (Pass) and the router's
   * (PortEv.Idle).
   */
  call(e: Call | Pass | PortEv, n: number, s: string): boolean | void {
    switch (e) {
      case Call.Data:
        return this.port.feed(s);
      case Call.Connected:
        this.port.reset(true);
        this.wasAuthed = false;
        this.auth.dial++;
        this.timer(this.further ? Timer.Stop : Timer.Arm);
        this.log.add("CALL", "connected" + (n ? " at " + n : ""));
        // Pass-through: the SMC before this one gives its wall clock in the
        // CONNECT line of its imitated modem (no heartbeats on a modem
        // cable); taken as a console's TIME is, a step of a second or less
        // writing nothing. Only where the call comes through another SMC.
        if (s && !this.config.passFirst && this.config.wiring === "passthrough") this.log.time(+s, 0, "from the SMC before (pass-through)");
        return;
      case Call.Ended:
        this.log.add("CALL", "ended: " + s);
        this.timer(Timer.Stop);
        return this.hangup(s, true);
      // The relay's (RelayHost, Pass).
      // Granted by SMC n further on: it is the call's current SMC (a grant
      // there forgives nothing here); refused there with ERR n: it counts
      // here too, where the lockout is kept (Passed).
      case Pass.Granted:
        if (n) this.router.current = n;
        return;
      case Pass.Refused:
        return this.auth.searched(undefined, Passed.Further - n, "");
      case Pass.HungUp:
        return this.hangup("next SMC hung up");
      // The router's: the console's call idle for t.idleMs. In pass-through
      // wiring the first SMC holds the line and ends an idle call for all;
      // one further on clears only its own flags, the call going on.
      case PortEv.Idle:
        return this.further ? this.router.endCall("idle here, the call goes on") : this.hangup("idle");
    }
    const rings = n;
    const c = this.config;
    const links = this.router.links;
    this.log.add("RING", "" + rings);
    if (rings < c.answerRings) return false;
    for (let i = 0; c.primaryId && i < links.length; i++) {
      if (links[i].usable() && links[i].peer === c.primaryId) {
        this.log.add("RING", "primary SMC " + c.primaryId + " is alive: leaving the call to it");
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
    // A wired terminal's port is up again at once: were the rest stopped
    // midway (out of memory, docs/troubleshooting.md), it would stay down.
    this.port.reset(!this.modem);
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
    // Out of memory (or at an uncaught error) the interpreter stops the
    // running handler where it is, and no catch runs: a command it stopped
    // would hold the console port for good, with no final line, and the
    // UART's receiver is gone (hal.sys.mend attaches it again). So the command
    // still running ends here, ERR 17, and the next line runs; a record and
    // DIAG's count say it happened (docs/troubleshooting.md). Other flags
    // stop nothing: LOW_MEMORY alone is a pool that ran full and was
    // collected, FIFO_FULL and the like lost bytes. Compared word by word:
    // Espruino's indexOf can match a needle's start at a string's end (NOTES.md).
    // No flags (every tick but one after an interruption): no split.
    const f = this.hal.sys.mend();
    if (f) {
      const w = f.split(",");
      let stop = false;
      for (let i = 0; i < w.length; i++) if (w[i] === "MEMORY" || w[i] === "CALLBACK") stop = true;
      if (stop) {
        const p = this.port;
        const n = p.running;
        this.ooms++;
        if (n) p.out(n, Out.Final, errLine(Err.OutOfMemory));
        this.log.add("MEMORY", "interrupted (" + f + ")" + (n ? ", the command running ended ERR 17" : ""));
      }
    }
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
    if (parts.length) this.log.add("NOISE", parts.join("; "));
  }
}
