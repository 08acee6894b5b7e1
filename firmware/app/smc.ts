// One SMC: the stored config, the server body and the console port, wired
// onto a HAL.
import { loadConfig } from "../config";
import { BoardDesc } from "../hal/board";
import { Hal } from "../hal/types";
import { EventLog } from "../log/eventLog";
import { Command, Err } from "../protocol";
import { ServerBody } from "../server";
import { runLocal } from "./commands";
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
  const log = new EventLog(hal.store, hal.clock, (line) => hal.sys.log(line));
  const session = new Session(hal.clock, config.t, (why) => log.add("LOGOUT", why));
  const ctx: SmcContext = {
    hal: hal,
    board: board,
    config: config,
    configSource: loaded.source,
    version: version,
    startedAt: hal.clock.now(),
    log: log,
    body: new ServerBody(hal.pins, hal.clock, config.t),
    session: session,
  };
  log.add("BOOT", "SMC " + config.id + " " + board.name + " fw " + version);
  if (loaded.source !== "stored") log.add("CONFIG", loaded.source);
  if (loaded.problems.length) log.add("CONFIG", "invalid, defaults used: " + loaded.problems.join(","));

  const port = new ConsolePort(hal.ports.modem, {
    run(cmd: Command, reply: Reply) {
      // Until the chain exists, only this SMC can be addressed.
      if (cmd.target && cmd.target !== config.id) return reply.err(Err.Unreachable);
      runLocal(ctx, cmd, reply);
    },
  });
  hal.ports.modem.setup(config.modemBaud);
  hal.ports.modem.onData((bytes) => port.feed(bytes));
  return { ctx: ctx, console: port };
}
