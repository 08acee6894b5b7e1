// One SMC: the stored config, the server body, the console port and the
// links to its neighbours, wired onto a HAL.
import { Op, Router } from "../chain";
import { loadConfig } from "../config";
import { BoardDesc, Hal } from "../hal";
import { EventLog } from "../log";
import { PassThroughRelay, passThroughRelay } from "../passthrough";
import { Command, consoleVerb, Err, parseCommand, Reply } from "../protocol";
import { Call, HayesModem } from "../modem";
import { ServerBody, ServerInputs } from "../server";
import { shouldAnswer } from "./answerPolicy";
import { countBoot } from "./boots";
import { NOISE_REPORT_MS, noiseCounts, noiseReport } from "./noise";
import { runLocal } from "./commands";
import { passOn } from "./passOn";
import { ConsolePort, Writer } from "./consolePort";
import { SmcContext } from "./context";
import { AuthPolicy } from "./authPolicy";
import { Session } from "./session";

/** Seconds without a kick before the watchdog reboots the board. */
const WATCHDOG_S = 10;

export interface Smc {
  ctx: SmcContext;
  console: ConsolePort;
}

export function startSmc(hal: Hal, board: BoardDesc, version: string): Smc {
  // First, before any UART is opened: no byte from outside may reach a REPL.
  hal.sys.lockConsole();
  const loaded = loadConfig(hal.store, hal.sys.crc32);
  const config = loaded.config;
  const t = config.t;
  // Pass-through, after the first SMC: the call comes through another SMC,
  // which alone times it out (docs/passthrough.md, "The end of a call").
  const further = config.wiring === "passthrough" && !config.passFirst;
  const log = new EventLog(hal.store, hal.clock, hal.sys);
  // One closure for every part that writes the log: each costs variables.
  const logEvent = (code: string, text: string) => log.add(code, text);
  const session = new Session(hal.clock, t, (why) => log.add("LOGOUT", why));
  const boots = countBoot(hal.store);
  log.add("BOOT", "SMC " + config.id + " " + board.name + " fw " + version + ", boot " + boots.count + " after " + boots.lastEnd);
  if (loaded.source !== "stored") log.add("CONFIG", loaded.source);
  if (loaded.problems.length) log.add("CONFIG", "invalid, defaults used: " + loaded.problems.join(","));

  const ctx = {
    hal: hal,
    board: board,
    config: config,
    configSource: loaded.source,
    version: version,
    startedAt: hal.clock.now(),
    log: log,
    body: new ServerBody(hal.pins, hal.clock, t, log),
    inputs: new ServerInputs(hal.pins, hal.clock, board, t.inputPollMs, log),
    session: session,
    watchdog: false,
    boots: boots.count,
    lastEnd: boots.lastEnd,
    markCleanReboot: boots.markClean,
  } as SmcContext;
  ctx.auth = new AuthPolicy(ctx);
  // The watchdog resets the board unless kicked; the kick runs from a timer,
  // so a hung event loop (a firmware bug, a runaway loop) ends in a reboot.
  hal.sys.enableWatchdog(WATCHDOG_S);
  hal.clock.every(() => hal.sys.kickWatchdog(), (WATCHDOG_S * 1000) / 4);
  ctx.watchdog = true;

  // One port for the chain: fields it reads and two methods. Pass-through
  // wiring uses UART2 as the port toward the next SMC's modem port instead
  // of as a link.
  ctx.router = new Router(
    {
      config: config,
      clock: hal.clock,
      crc: hal.sys.crc32,
      session: session,
      log: log,
      auth: ctx.auth,
      // A command that came over a link: the router has checked the flag.
      run(line: string, reply: Reply) {
        const cmd = parseCommand(line);
        if (typeof cmd === "number") return reply.err(cmd);
        // The head sends a request without its @id: one here is not the head's.
        if (cmd.target) return reply.err(Err.BadArguments);
        runLocal(ctx, cmd, reply, true);
      },
      // Pass-through: the first SMC holds the line and ends an idle call for
      // all; one further on clears only its own flags, the call going on.
      idle: () => (further ? ctx.router.endCall("idle here, the call goes on") : ctx.hangup("idle")),
    },
    config.wiring === "links" ? [hal.ports.linkA, hal.ports.linkB] : [],
  );
  const links = ctx.router.links;

  let relay: PassThroughRelay | undefined;
  let port: ConsolePort;
  const dispatcher = {
    run(cmd: Command, reply: Reply) {
      const router = ctx.router;
      router.touch();
      const verb = cmd.verb;
      // Without an ID: the SMC most recently authenticated (embodiment 1's
      // AUTH then STATUS); with one: that SMC (embodiment 4).
      const target = cmd.target || router.current || config.id;
      // Pass-through: what is not this SMC's own goes on to the next SMC.
      if (relay && passOn(ctx, relay, cmd, target, reply)) return;
      if (consoleVerb(verb) || target === config.id) return runLocal(ctx, cmd, reply, false);
      router.ask(Op.Request, reply, verb + (cmd.args.length ? " " + cmd.args.join(" ") : ""), target);
    },
  };
  const endCall = (why: string) => {
    // First: nothing queued in the call, nor the running command's reply,
    // may run or answer once it is over (the router's end answers a pending search).
    port.reset(false);
    if (relay) relay.end();
    ctx.router.endCall(why);
    // Pass-through: an AUTH granted further on set it without a call here.
    ctx.router.current = 0;
    session.end(why);
    ctx.auth.inCall = 0;
  };
  const fromCaller = (bytes: string) => port.feed(bytes);
  let writer: Writer;

  if (config.modem === "direct") {
    // A terminal wired straight to UART1 (bench): always "in a call".
    writer = hal.ports.modem;
    ctx.hangup = (why) => {
      endCall(why);
      port.reset(true);
    };
    hal.ports.modem.setup(config.modemBaud);
    hal.ports.modem.onData(fromCaller);
  } else {
    // Nobody who dials may hold the site's only line without AUTH: a call in
    // which no SMC is authenticated (or, after a LOGOUT, none was at the last
    // check either) is hung up after t.unauthMs. In pass-through wiring the
    // first SMC knows of every grant in the call (`current`), so it alone
    // checks: one further on sees only its own.
    let authTimer = 0;
    let wasAuthed = false;
    const authCheck = () => {
      const authed = !!ctx.router.current;
      authTimer = 0;
      if (!authed && !wasAuthed) return ctx.hangup("not authenticated");
      wasAuthed = authed;
      authTimer = hal.clock.after(authCheck, t.unauthMs);
    };
    const modem = new HayesModem(hal, config, log, {
      call(e: Call, n: number, s: string) {
        switch (e) {
          case Call.Data:
            return fromCaller(s);
          case Call.Connected:
            port.reset(true);
            wasAuthed = false;
            if (authTimer) hal.clock.cancel(authTimer);
            authTimer = further ? 0 : hal.clock.after(authCheck, t.unauthMs);
            log.add("CALL", "connected" + (n ? " at " + n : ""));
            return;
          case Call.Ended:
            log.add("CALL", "ended: " + s);
            if (authTimer) hal.clock.cancel(authTimer);
            authTimer = 0;
            return endCall(s);
        }
        return shouldAnswer(n, config.answerRings, config.primaryId, ctx.router.links, logEvent);
      },
    });
    writer = modem;
    ctx.modem = modem;
    ctx.hangup = (why) => {
      modem.hangup(why);
      endCall(why);
    };
  }
  port = new ConsolePort(writer, dispatcher, config.modem === "direct");

  if (config.wiring === "passthrough" && hal.ports.linkA) {
    // Opened at the modem baud rate: a modem cable, the next SMC expects its modem there.
    relay = passThroughRelay(hal.ports.linkA, hal.pins, hal.clock, {
      myId: config.id,
      toCaller: (bytes) => writer.write(bytes),
      nextWired: config.passNext,
      requestMs: t.requestMs,
      authed: (id, code) => {
        // A grant further on forgives nothing here; a refusal counts here too.
        if (id) ctx.router.current = id;
        else ctx.auth.failedFurther(code);
      },
      nextHungUp: () => ctx.hangup("next SMC hung up"),
      log: logEvent,
    }, config.modemBaud);
  }
  let counted = noiseCounts(links, ctx.modem);
  hal.clock.every(() => {
    const now = noiseCounts(links, ctx.modem);
    const grew = noiseReport(links, counted, now);
    counted = now;
    if (grew) log.add("NOISE", grew);
  }, NOISE_REPORT_MS);
  return { ctx: ctx, console: port };
}
