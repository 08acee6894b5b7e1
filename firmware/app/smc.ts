// One SMC: the stored config, the server body, the console port and the
// links to its neighbours, wired onto a HAL.
import { checkCredentials } from "../auth";
import { Link, Router } from "../chain";
import { loadConfig } from "../config";
import { BoardDesc } from "../hal/board";
import { Hal, Uart } from "../hal/types";
import { EventLog } from "../log/eventLog";
import { Command, LinkFrame, parseCommand } from "../protocol";
import { HayesModem } from "../modem";
import { ServerBody } from "../server";
import { consoleCommand, runLocal } from "./commands";
import { ConsolePort } from "./consolePort";
import { SmcContext } from "./context";
import { Reply } from "./reply";
import { Session } from "./session";

export interface Smc {
  ctx: SmcContext;
  console: ConsolePort;
}

export function startSmc(hal: Hal, board: BoardDesc, version: string): Smc {
  // First, before any UART is opened: no byte from outside may reach a REPL.
  hal.sys.lockConsole();
  const loaded = loadConfig((name) => hal.store.read(name));
  const config = loaded.config;
  const t = config.t;
  const log = new EventLog(hal.store, hal.clock, (line) => hal.sys.log(line));
  const session = new Session(hal.clock, t, (why) => log.add("LOGOUT", why));
  log.add("BOOT", "SMC " + config.id + " " + board.name + " fw " + version);
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
    session: session,
  } as SmcContext;

  const links: Link[] = [];
  const events = {
    frame: (link: Link, f: LinkFrame) => ctx.router.onFrame(link, f),
    failed: (link: Link, f: LinkFrame) => ctx.router.onFailed(link, f),
    changed: (link: Link) => log.add("LINK", link.name + " " + (link.usable() ? "up, neighbour " + link.peer : "down")),
  };
  const addLink = (name: string, uart: Uart | undefined) => {
    if (uart) links.push(new Link(name, uart, hal.clock, hal.sys.crc32, config.id, config.linkBaud, t, events));
  };
  addLink("A", hal.ports.linkA);
  addLink("B", hal.ports.linkB);

  ctx.router = new Router(
    {
      id: config.id,
      session: session,
      clock: hal.clock,
      creds: (user, password) => checkCredentials(config, user, password),
      // A command that came over a link: the router has checked the flag.
      run: (line: string, reply: Reply) => {
        const cmd = parseCommand(line);
        if (typeof cmd === "number") return reply.err(cmd);
        runLocal(ctx, cmd, reply, true);
      },
      log: (code, text) => log.add(code, text),
      idle: () => ctx.hangup("idle"),
      requestMs: t.requestMs,
      idleMs: t.idleMs,
    },
    links,
  );

  const dispatcher = {
    run(cmd: Command, reply: Reply) {
      const router = ctx.router;
      router.touch();
      if (consoleCommand(cmd.verb)) return runLocal(ctx, cmd, reply, false);
      // Without an ID: the SMC most recently authenticated (embodiment 1's
      // AUTH then STATUS); with one: that SMC (embodiment 4).
      const target = cmd.target || router.current || config.id;
      if (target === config.id) return runLocal(ctx, cmd, reply, false);
      router.request(target, cmd.verb + (cmd.args.length ? " " + cmd.args.join(" ") : ""), reply);
    },
  };
  const endCall = (why: string) => {
    ctx.router.endCall(why);
    session.end(why);
  };

  if (config.modem === "direct") {
    // A terminal wired straight to UART1 (bench): always "in a call".
    const port = new ConsolePort(hal.ports.modem, dispatcher);
    ctx.hangup = endCall;
    hal.ports.modem.setup(config.modemBaud);
    hal.ports.modem.onData((bytes) => port.feed(bytes));
    return { ctx: ctx, console: port };
  }

  let port: ConsolePort;
  const modem = new HayesModem(hal.ports.modem, hal.pins, hal.clock, t, config.modemInit, {
    data: (bytes) => port.feed(bytes),
    connected: (rate) => {
      port.reset();
      log.add("CALL", "connected" + (rate ? " at " + rate : ""));
    },
    ended: (why) => {
      log.add("CALL", "ended: " + why);
      endCall(why);
      port.reset();
    },
    shouldAnswer: (rings) => {
      log.add("RING", "" + rings);
      if (rings < config.answerRings) return false;
      const primary = config.primaryId;
      const links = ctx.router.links;
      for (let i = 0; primary && i < links.length; i++) {
        if (links[i].usable() && links[i].peer === primary) {
          // A backup must never steal a call from a primary that is alive.
          log.add("RING", "primary SMC " + primary + " is alive: leaving the call to it");
          return false;
        }
      }
      return true;
    },
    log: (code, text) => log.add(code, text),
  });
  port = new ConsolePort(modem, dispatcher);
  ctx.modem = modem;
  ctx.hangup = (why) => {
    modem.hangup(why);
    endCall(why);
  };
  modem.start(config.modemBaud);
  return { ctx: ctx, console: port };
}
