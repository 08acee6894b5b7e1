// One SMC: the stored config, the server body, the console port and the
// links to its neighbours, wired onto a HAL.
import { roleOf } from "../auth";
import { Link, Router } from "../chain";
import { loadConfig } from "../config";
import { BoardDesc } from "../hal/board";
import { Hal, Uart } from "../hal/types";
import { EventLog } from "../log/eventLog";
import { PassThroughRelay } from "../passthrough";
import { Command, frame, LinkFrame, parseCommand } from "../protocol";
import { HayesModem } from "../modem";
import { ServerBody, ServerInputs } from "../server";
import { shouldAnswer } from "./answerPolicy";
import { countBoot } from "./boots";
import { NOISE_REPORT_MS, noiseCounts, noiseReport } from "./noise";
import { consoleCommand, runLocal } from "./commands";
import { ConsolePort, Writer } from "./consolePort";
import { SmcContext } from "./context";
import { Reply } from "./reply";
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
  const log = new EventLog(hal.store, hal.clock, (line) => hal.sys.log(line));
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
    body: new ServerBody(hal.pins, hal.clock, t),
    inputs: ServerInputs.of(board, hal.pins, hal.clock, logEvent),
    session: session,
    watchdog: false,
    boots: boots.count,
    lastEnd: boots.lastEnd,
    markCleanReboot: boots.markClean,
  } as SmcContext;
  ctx.body.watchPower(logEvent);
  ctx.inputs.start(t.inputPollMs);
  // The watchdog resets the board unless kicked; the kick runs from a timer,
  // so a hung event loop (a firmware bug, a runaway loop) ends in a reboot.
  hal.sys.enableWatchdog(WATCHDOG_S);
  hal.clock.every(() => hal.sys.kickWatchdog(), (WATCHDOG_S * 1000) / 4);
  ctx.watchdog = true;

  const links: Link[] = [];
  const events = {
    frame: (link: Link, f: LinkFrame) => ctx.router.onFrame(link, f),
    failed: (link: Link, f: LinkFrame) => ctx.router.onFailed(link, f),
    changed: (link: Link) => log.add("LINK", link.name + " " + (link.usable() ? "up, neighbour " + link.peer + (link.peer === config.id ? ": ID conflict, the same ID as this SMC" : "") : "down")),
  };
  const addLink = (name: string, uart: Uart | undefined) => {
    if (uart) links.push(new Link(name, uart, hal.clock, hal.sys.crc32, config.id, config.linkBaud, t, events));
  };
  // Pass-through wiring uses UART2 as the port toward the next SMC's modem
  // port instead of as a link.
  if (config.wiring === "links") {
    addLink("A", hal.ports.linkA);
    addLink("B", hal.ports.linkB);
  }

  ctx.router = new Router(
    {
      id: config.id,
      session: session,
      clock: hal.clock,
      creds: (user, password) => roleOf(config, config.operator, user, password),
      // A command that came over a link: the router has checked the flag.
      run: (line: string, reply: Reply) => {
        const cmd = parseCommand(line);
        if (typeof cmd === "number") return reply.err(cmd);
        runLocal(ctx, cmd, reply, true);
      },
      log: logEvent,
      idle: () => ctx.hangup("idle"),
      requestMs: t.requestMs,
      idleMs: t.idleMs,
      keepMs: t.linkDownMs,
    },
    links,
  );

  let relay: PassThroughRelay | undefined;
  let port: ConsolePort;
  const dispatcher = {
    run(cmd: Command, reply: Reply) {
      const router = ctx.router;
      router.touch();
      // Pass-through: an AUTH that is not this SMC's own goes on, with the call.
      if (relay && cmd.verb === "AUTH" && cmd.args.length === 2 && !session.lockout() && !roleOf(config, config.operator, cmd.args[0], cmd.args[1])) {
        const line = "AUTH " + cmd.args.join(" ");
        // A framed AUTH goes on framed, with its seq; its CR LF is added by the relay.
        const framed = cmd.seq ? frame(cmd.seq, line) : "";
        return relay.forward(framed ? framed.substr(0, framed.length - 2) : line, !framed, reply);
      }
      if (consoleCommand(cmd.verb)) return runLocal(ctx, cmd, reply, false);
      // Without an ID: the SMC most recently authenticated (embodiment 1's
      // AUTH then STATUS); with one: that SMC (embodiment 4).
      const target = cmd.target || router.current || config.id;
      if (target === config.id) return runLocal(ctx, cmd, reply, false);
      router.request(target, cmd.verb + (cmd.args.length ? " " + cmd.args.join(" ") : ""), reply);
    },
  };
  const endCall = (why: string) => {
    if (relay) relay.end();
    ctx.router.endCall(why);
    session.end(why);
  };
  const fromCaller = (bytes: string) => (relay ? relay.fromCaller(bytes) : port.feed(bytes));
  let writer: Writer;

  if (config.modem === "direct") {
    // A terminal wired straight to UART1 (bench): always "in a call".
    writer = hal.ports.modem;
    ctx.hangup = endCall;
    hal.ports.modem.setup(config.modemBaud);
    hal.ports.modem.onData(fromCaller);
  } else {
    const modem = new HayesModem(hal.ports.modem, hal.pins, hal.clock, t, config.modemInit, {
      data: fromCaller,
      connected: (rate) => {
        port.reset();
        log.add("CALL", "connected" + (rate ? " at " + rate : ""));
      },
      ended: (why) => {
        log.add("CALL", "ended: " + why);
        endCall(why);
        port.reset();
      },
      shouldAnswer: (rings) => shouldAnswer(rings, config.answerRings, config.primaryId, ctx.router.links, logEvent),
      log: logEvent,
    });
    writer = modem;
    ctx.modem = modem;
    ctx.hangup = (why) => {
      modem.hangup(why);
      endCall(why);
    };
    modem.start(config.modemBaud);
  }
  port = new ConsolePort(writer, dispatcher);

  if (config.wiring === "passthrough" && hal.ports.linkA) {
    relay = new PassThroughRelay(hal.ports.linkA, hal.pins, hal.clock, {
      myId: config.id,
      toCaller: (bytes) => writer.write(bytes),
      toConsole: (bytes) => port.feed(bytes),
      ownCredentials: (line) => {
        const w = line.split(" ");
        return w.length === 3 && !!roleOf(config, config.operator, w[1], w[2]);
      },
      nextWired: config.passNext,
      nextHungUp: () => ctx.hangup("next SMC hung up"),
      log: logEvent,
    });
    // A modem cable: the next SMC expects its modem at the modem baud rate.
    relay.start(config.modemBaud);
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
