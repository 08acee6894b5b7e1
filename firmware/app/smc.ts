// One SMC: the stored config, the server body, the console port and the
// links to its neighbours, wired onto a HAL. startSmc is the boot: what it
// computes once stays in its scope or dies with it; what runs afterwards is
// the Unit's (unit.ts), whose methods are the events of the parts.
import { Link, Router } from "../chain";
import { loadConfig } from "../config";
import { BoardDesc, Hal } from "../hal";
import { EventLog } from "../log";
import { imitatedModem, PassThroughRelay, passThroughRelay } from "../passthrough";
import { ChatEngine, HayesModem } from "../modem";
import { ServerBody, ServerInputs } from "../server";
import { passOn } from "./passOn";
import { Wait } from "./session";
import { ConsolePort, Writer } from "./consolePort";
import { Session } from "./session";
import { Rare } from "./rare";
import { Tick, Timer, Unit } from "./unit";

export interface Smc {
  ctx: Unit;
  console: ConsolePort;
  /**
   * Top-level functions nothing calls after this boot: the boot's own, the
   * constructors of the classes made only at boot, the pass-through's two
   * factories, and passOn where the wiring is links. The entry drops them
   * (hal/espruino.ts, dropAfterBoot): a board keeps each for good otherwise.
   */
  bootOnly: unknown[];
}

export function startSmc(hal: Hal, board: BoardDesc, version: string): Smc {
  // The HAL, when made, has moved the console (its REPL) off every UART the
  // firmware uses: no byte from outside reaches a REPL (hal/espruino.ts).
  const loaded = loadConfig(hal.store, hal.sys.crc32);
  const config = loaded.config;
  const t = config.t;
  const ctx = new Unit(hal, board, config);
  // Pass-through, after the first SMC: the call comes through another SMC,
  // which alone times it out (docs/passthrough.md, "The end of a call").
  ctx.further = config.wiring === "passthrough" && !config.passFirst;
  const log = new EventLog(hal.store, hal.clock, hal.sys);
  ctx.log = log;
  const session = new Session(ctx);
  // The permission flag and the AUTH policy: one object.
  ctx.session = ctx.auth = session;
  // How many times this SMC has booted, and how the last run ended. Only a
  // commanded reboot marks itself clean (CONFIG REBOOT, rare.ts): a power cut
  // and a watchdog reset look alike to the firmware (Espruino reports no
  // reset cause). One write per boot: flash wear is no concern at that rate.
  let prev: any;
  try {
    prev = JSON.parse(hal.store.read(Rare.BootFile) || "{}");
  } catch (e) {
    prev = {};
  }
  const boots = (ctx.boots = (prev.n | 0) + 1);
  ctx.lastEnd = boots === 1 ? "first boot" : prev.clean ? "commanded reboot" : "power cut or watchdog";
  hal.store.write(Rare.BootFile, JSON.stringify({ n: boots, clean: false }));
  log.add("BOOT", "SMC " + config.id + " " + board.name + " fw " + version + ", boot " + boots + " after " + ctx.lastEnd);
  if (loaded.source !== "stored") log.add("CONFIG", loaded.source);
  if (loaded.problems.length) log.add("CONFIG", "invalid, defaults used: " + loaded.problems.join(","));

  ctx.configSource = loaded.source;
  ctx.version = version;
  ctx.startedAt = hal.clock.now();
  ctx.body = new ServerBody(hal.pins, hal.clock, t, log);
  ctx.inputs = new ServerInputs(hal.pins, hal.clock, board, t.inputPollMs, log);
  // The watchdog resets the board unless kicked (Unit.timer).
  hal.sys.enableWatchdog(Tick.WatchdogS, false);
  // Bound, not a closure: a closure here would keep this function's scope
  // (every local of the boot, ~20 variables and what they hold) for good.
  hal.clock.every(ctx.timer.bind(ctx, Timer.Tick), Tick.Ms);
  ctx.watchdog = true;

  // Pass-through wiring uses UART2 as the port toward the next SMC's modem
  // port instead of as a link.
  ctx.router = new Router(ctx, config.wiring === "links" ? [hal.ports.linkA, hal.ports.linkB] : []);

  let relay: PassThroughRelay | undefined;
  let writer: Writer;
  if (config.modem === "direct") {
    // A terminal wired straight to UART1 (bench): always "in a call".
    writer = hal.ports.modem;
    hal.ports.modem.setup(config.modemBaud);
  } else {
    // The Unit takes the modem's events (Unit.call); the driver opens UART1 and starts its init.
    const modem = new HayesModem(hal, config, log, ctx);
    writer = modem;
    ctx.modem = modem;
  }
  const port = (ctx.port = new ConsolePort(writer, ctx, config.modem === "direct"));
  // A wired terminal's bytes go straight to the console port (bound: no
  // method of the Unit's in between), once the port exists.
  if (config.modem === "direct") hal.ports.modem.onData(port.feed.bind(port));

  if (config.wiring === "passthrough" && hal.ports.linkA) {
    // Opened at the modem baud rate: a modem cable, the next SMC expects its modem there.
    // The Unit is the relay's host (RelayHost): no object of closures,
    // which would keep this function's scope for good.
    ctx.authWaitMs = t.failDelayMs * Wait.Cap;
    relay = passThroughRelay(hal.ports.linkA, hal.pins, hal.clock, ctx, config.modemBaud, writer);
  }
  // Only where there is one: a property set to undefined costs a links unit two variables.
  if (relay) ctx.relay = relay;
  // The classes made only here (their prototypes stay with their objects).
  // The pass-through's two factories run only here on either wiring (their
  // classes' methods keep the factories' scopes, not the functions).
  const bootOnly: unknown[] = [startSmc, Unit, EventLog, Session, ServerBody, ServerInputs, Router, Link, HayesModem, ChatEngine, ConsolePort, passThroughRelay, imitatedModem];
  return { ctx: ctx, console: port, bootOnly: relay ? bootOnly : bootOnly.concat([passOn]) };
}
