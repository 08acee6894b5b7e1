// The console's commands on this SMC. Each answers through a Reply with data
// lines and one final OK or ERR.
import { Command, consoleVerb, Err, Reply } from "../protocol";
import { Role } from "../auth";
import { linkWord, Op } from "../chain";
import { Power } from "../server";
import { configCommand } from "./configCommand";
import { SmcContext } from "./context";
import { Permission } from "./session";

type Handler = (ctx: SmcContext, args: string[], reply: Reply) => void;

interface CommandDef {
  /** Usage line shown by HELP. */
  usage: string;
  /** Whether the permission flag must be set. */
  guarded: boolean;
  run: Handler;
}

function powerWord(ctx: SmcContext): string {
  return ctx.body.power() === Power.On ? "ON" : "OFF";
}

function auth(ctx: SmcContext, args: string[], reply: Reply): void {
  if (args.length !== 2) return reply.err(Err.BadArguments);
  ctx.auth.auth(args[0], args[1], reply);
}

function map(ctx: SmcContext, args: string[], reply: Reply): void {
  // Its argument is the pass-through relay's (app/smc.ts), never a link's.
  if (args.length) return reply.err(Err.BadArguments);
  if (!ctx.router.current) return reply.err(Err.NotAuthenticated);
  ctx.router.ask(Op.Map, reply);
}

function status(ctx: SmcContext, _args: string[], reply: Reply): void {
  const temp = ctx.hal.sys.temperature();
  reply.line("ID " + ctx.config.id);
  reply.line("FW " + ctx.version + " " + ctx.board.name);
  reply.line("POWER " + powerWord(ctx));
  reply.line("UPTIME " + Math.floor((ctx.hal.clock.now() - ctx.startedAt) / 1000));
  reply.line("TEMP " + (temp === temp ? temp.toFixed(1) : "-"));
  reply.line("CONFIG " + ctx.configSource);
  reply.line("BOOTS " + ctx.boots + " LAST " + ctx.lastEnd);
  const inputs = ctx.inputs.list();
  for (let i = 0; i < inputs.length; i++) reply.line(ctx.inputs.line(inputs[i]));
  const links = ctx.router.links;
  let l = "LINKS";
  for (let i = 0; i < links.length; i++) {
    const k = links[i];
    const w = linkWord(k, ctx.config.id);
    l += " " + k.name + ":" + (k.usable() ? "up(" + k.peer + (w === "conflict" ? ",conflict" : "") + ")" : w);
  }
  if (links.length) reply.line(l);
  if (ctx.modem) reply.line("MODEM " + ctx.modem.stateName());
  reply.ok();
}

function reset(ctx: SmcContext, _args: string[], reply: Reply): void {
  if (!ctx.body.wired("reset")) return reply.err(Err.NoHardware);
  if (ctx.body.busy) return reply.err(Err.Busy);
  ctx.log.add("RESET", "commanded");
  ctx.body.reset(() => reply.ok());
}

function power(ctx: SmcContext, args: string[], reply: Reply): void {
  const what = args.length === 1 ? args[0].toUpperCase() : "";
  const report = () => {
    reply.line("POWER " + powerWord(ctx));
    reply.ok();
  };
  if (what === "STATE") return report();
  if (what !== "ON" && what !== "OFF" && what !== "CYCLE") return reply.err(Err.BadArguments);
  if (!ctx.body.wired("power")) return reply.err(Err.NoHardware);
  if (ctx.body.busy) return reply.err(Err.Busy);
  // A soft power button toggles: pressing it on a running server would turn
  // it off, so ON and OFF only press when the state differs.
  const on = ctx.body.power() === Power.On;
  if ((what === "ON" && on) || (what === "OFF" && !on)) return report();
  ctx.log.add("POWER", what + " commanded");
  const t = ctx.config.t;
  const want = what === "OFF" ? Power.Off : Power.On;
  const check = () =>
    ctx.body.awaitPower(want, (ok) => {
      if (ok) return report();
      ctx.log.add("POWER", what + " failed: power-good " + powerWord(ctx));
      reply.line("POWER " + powerWord(ctx));
      reply.err(Err.PowerFailed);
    });
  if (what === "ON") ctx.body.press(t.pressMs, check);
  else if (what === "OFF") ctx.body.press(t.holdMs, check);
  else ctx.body.cycle(check);
}

/** Ends the call: every permission and connection flag it set, on every SMC. */
function logout(ctx: SmcContext, _args: string[], reply: Reply): void {
  ctx.router.endCall("logout");
  ctx.session.end("logout");
  reply.ok();
}

/** READ <item>: one input (or power, temp, uptime) alone. */
function read(ctx: SmcContext, args: string[], reply: Reply): void {
  if (args.length !== 1) return reply.err(Err.BadArguments);
  const what = args[0];
  if (what.toLowerCase() === "power") reply.line("POWER " + powerWord(ctx));
  else if (!ctx.inputs.read(what)) return reply.err(Err.BadArguments);
  else reply.line(ctx.inputs.line(what));
  reply.ok();
}

/** DIAG: the SMC tests itself; OK when every part passed. */
function diag(ctx: SmcContext, _args: string[], reply: Reply): void {
  let failed = 0;
  const check = (what: string, ok: boolean, detail: string) => {
    if (!ok) failed++;
    reply.line("DIAG " + what + " " + (ok ? "ok" : "FAIL") + (detail ? " " + detail : ""));
  };
  const store = ctx.hal.store;
  const probe = "diag" + (ctx.hal.clock.now() % 1000);
  const wrote = store.write("smc.diag", probe);
  check("STORAGE", wrote && store.read("smc.diag") === probe, "write, read back, erase");
  store.erase("smc.diag");
  const links = ctx.router.links;
  for (let i = 0; i < links.length; i++) {
    const k = links[i];
    const w = linkWord(k, ctx.config.id);
    const clash = w === "conflict";
    check("LINK " + k.name, w !== "down" && !clash, (clash ? "up, neighbour has this SMC's ID " + k.peer : w) + ", " + k.bad + " bad frames, " + k.overflows + " overflows, " + k.lost + " lost");
  }
  if (ctx.modem) check("MODEM", ctx.modem.stateName() !== "fault", ctx.modem.stateName() + ", " + ctx.modem.garbage + " stray lines");
  // The Linux build accepts the watchdog and does nothing: its systemd unit
  // restarts an SMC whose process ends (docs/boards.md), not one that hangs.
  if (ctx.board.watchdog === false) reply.line("DIAG WATCHDOG none on this build; the supervisor restarts an ended SMC");
  else check("WATCHDOG", ctx.watchdog, ctx.watchdog ? "armed" : "off");
  const free = ctx.hal.sys.freeMemory();
  const used = ctx.hal.sys.usedMemory();
  // Less than a tenth free leaves no room for a long reply or a burst of
  // frames; a board whose memory grows as needed (Linux) cannot run short so.
  // A simulation's HAL answers -1: it has no interpreter's memory to count.
  if (used < 0) check("MEMORY", true, "not measured in the simulation");
  else if (!ctx.board.variables) check("MEMORY", true, used + " variables in use, grows as needed");
  else check("MEMORY", free >= (free + used) / 10, free + " of " + (free + used) + " variables free");
  if (ctx.body.wired("diag")) {
    ctx.hal.pins.pulse("diag", true, ctx.config.t.resetMs);
    reply.line("DIAG SERVER trigger pulsed");
  }
  if (failed) return reply.err(Err.SelfTestFailed);
  reply.ok();
}

/** Most records one LOG answers; larger pages would hold a board's memory. */
const MAX_LOG_PAGE = 20;

/** LOG [from] [count]: a page of the event log, oldest first; re-reading a page is free. */
function readLog(ctx: SmcContext, args: string[], reply: Reply): void {
  if (args.length === 1 && args[0].toUpperCase() === "CLEAR") {
    if (ctx.session.role !== Role.Admin) return reply.err(Err.AdminOnly);
    ctx.log.clear();
    return reply.ok();
  }
  const newest = ctx.log.count();
  const n = (i: number, dflt: number) => (args.length > i ? parseInt(args[i], 10) : dflt);
  const count = n(1, 10);
  // Record numbers start at 1; by default the newest `count`.
  const from = n(0, Math.max(1, newest - count + 1));
  if (args.length > 2 || !(from >= 1) || !(count >= 1 && count <= MAX_LOG_PAGE)) return reply.err(Err.BadArguments);
  const records = ctx.log.read(from, count);
  for (let i = 0; i < records.length; i++) reply.line("LOG " + records[i]);
  // <next>: the record after this page (each record starts with its number),
  // so pages walked by <next> meet every kept record once, across a wrap too;
  // after the newest, the one to be written next.
  const next = records.length ? parseInt(records[records.length - 1], 10) + 1 || newest + 1 : newest + 1;
  // <kept>: the records the flash holds, the oldest kept to the newest.
  reply.line("LOG " + next + " of " + (newest ? newest - ctx.log.oldest() + 1 : 0));
  reply.ok();
}

/** BYE: ends the call and hangs up, once the OK has left. */
function bye(ctx: SmcContext, _args: string[], reply: Reply): void {
  reply.ok();
  const baud = ctx.config.modemBaud;
  ctx.hal.clock.after(() => ctx.hangup("bye"), Math.ceil((8 * 10000) / baud) + 50);
}

function help(_ctx: SmcContext, _args: string[], reply: Reply): void {
  const verbs = Object.keys(COMMANDS);
  for (let i = 0; i < verbs.length; i++) reply.line(COMMANDS[verbs[i]].usage);
  reply.ok();
}

const COMMANDS: { [verb: string]: CommandDef } = {
  HELP: { usage: "HELP", guarded: false, run: help },
  AUTH: { usage: "AUTH <user> <password>", guarded: false, run: auth },
  STATUS: { usage: "[@id] STATUS", guarded: true, run: status },
  RESET: { usage: "[@id] RESET", guarded: true, run: reset },
  POWER: { usage: "[@id] POWER ON|OFF|CYCLE|STATE", guarded: true, run: power },
  READ: { usage: "[@id] READ <input>|POWER", guarded: true, run: read },
  DIAG: { usage: "[@id] DIAG", guarded: true, run: diag },
  LOG: { usage: "[@id] LOG [from] [count] | LOG CLEAR", guarded: true, run: readLog },
  CONFIG: { usage: "[@id] CONFIG SHOW|ID <n>|RINGS <n>|TIME <name> <ms>|USER <name> CONFIRM|PASSWORD <new> CONFIRM|REBOOT", guarded: true, run: configCommand },
  MAP: { usage: "MAP", guarded: false, run: map },
  LOGOUT: { usage: "LOGOUT", guarded: false, run: logout },
  BYE: { usage: "BYE", guarded: false, run: bye },
};

/**
 * Runs a command on this SMC. `viaChain`: it came from another SMC, whose
 * frame the router already checked against this SMC's permission flag. The
 * parser has checked the number of arguments (protocol/command.ts); each
 * handler checks their values.
 */
export function runLocal(ctx: SmcContext, cmd: Command, reply: Reply, viaChain: boolean): void {
  const def = COMMANDS[cmd.verb];
  if (!def || (viaChain && consoleVerb(cmd.verb))) return reply.err(Err.UnknownCommand);
  if (def.guarded && !viaChain && ctx.session.state !== Permission.Granted) return reply.err(Err.NotAuthenticated);
  ctx.session.touch();
  def.run(ctx, cmd.args, reply);
}
