// The console's commands on this SMC. Each answers through a Reply with data
// lines and one final OK or ERR.
import { checkCredentials } from "../auth";
import { Command, Err } from "../protocol";
import { Power } from "../server";
import { SmcContext } from "./context";
import { Reply } from "./reply";
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
  const locked = ctx.session.lockout();
  if (locked) return reply.err(locked);
  const result = ctx.session.authenticated(checkCredentials(ctx.config, args[0], args[1]));
  if (result) {
    ctx.log.add("AUTHFAIL", result === Err.LockedOut ? "locked" : "bad credentials");
    return reply.err(result);
  }
  ctx.log.add("AUTH", "granted");
  reply.line("ID " + ctx.config.id);
  reply.ok();
}

function status(ctx: SmcContext, _args: string[], reply: Reply): void {
  const temp = ctx.hal.sys.temperature();
  reply.line("ID " + ctx.config.id);
  reply.line("FW " + ctx.version + " " + ctx.board.name);
  reply.line("POWER " + powerWord(ctx));
  reply.line("UPTIME " + Math.floor((ctx.hal.clock.now() - ctx.startedAt) / 1000));
  reply.line("TEMP " + (temp === temp ? temp.toFixed(1) : "-"));
  reply.line("CONFIG " + ctx.configSource);
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

function logout(ctx: SmcContext, _args: string[], reply: Reply): void {
  ctx.session.end("logout");
  reply.ok();
}

function help(_ctx: SmcContext, _args: string[], reply: Reply): void {
  const verbs = Object.keys(COMMANDS);
  for (let i = 0; i < verbs.length; i++) reply.line(COMMANDS[verbs[i]].usage);
  reply.ok();
}

const COMMANDS: { [verb: string]: CommandDef } = {
  HELP: { usage: "HELP", guarded: false, run: help },
  AUTH: { usage: "AUTH <user> <password>", guarded: false, run: auth },
  STATUS: { usage: "STATUS", guarded: true, run: status },
  RESET: { usage: "RESET", guarded: true, run: reset },
  POWER: { usage: "POWER ON|OFF|CYCLE|STATE", guarded: true, run: power },
  LOGOUT: { usage: "LOGOUT", guarded: false, run: logout },
};

/** Runs a command addressed to this SMC. */
export function runLocal(ctx: SmcContext, cmd: Command, reply: Reply): void {
  const def = COMMANDS[cmd.verb];
  if (!def) return reply.err(Err.UnknownCommand);
  if (def.guarded && ctx.session.state !== Permission.Granted) return reply.err(Err.NotAuthenticated);
  ctx.session.touch();
  def.run(ctx, cmd.args, reply);
}
