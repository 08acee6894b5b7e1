// The console's commands on this SMC, as one function with a switch on the
// verb: one function object on the board, not one per command (each costs
// ~7 variables; the code stays in flash). The commands of every call
// (AUTH, STATUS, RESET, POWER, READ, LOGOUT, BYE) are here; the rare ones
// (HELP, DIAG, LOG, CONFIG, MAP) are in rare.ts, one more function. Each
// answers through its Reply with data lines and one final OK or ERR.
import { Command, Err, Reply } from "../protocol";
import { linkWord } from "../chain";
import { Act, Power } from "../server";
import { Role, ROLE_NAMES } from "../auth";
import { SmcContext } from "./context";
import { Permission } from "./session";
import { rareCommand } from "./rare";

/**
 * The least role each command needs (docs/protocol.md, "Roles"): the one
 * table, for the console and the links (runLocal, whichever way the command
 * came) and IPMI (app/ipmi.ts asks with the command an IPMI one stands
 * for). `a0`: its first argument. "" when this SMC's session may run it;
 * else the name of the role it needs (every command that needs a role
 * needs the permission flag, which a session without one has not), the
 * refusal logged when it has the flag.
 */
export function refused(ctx: SmcContext, verb: string, a0: string): string {
  const w = a0.toUpperCase();
  let need = Role.None;
  switch (verb) {
    case "STATUS":
    case "READ":
      need = Role.Read;
      break;
    case "LOG":
      need = w === "CLEAR" ? Role.Admin : Role.Read;
      break;
    case "POWER":
      need = w === "STATE" ? Role.Read : Role.Operator;
      break;
    // DIAG pulses the server's diagnostic trigger where one is wired.
    case "RESET":
    case "DIAG":
      need = Role.Operator;
      break;
    case "CONFIG":
      need = Role.Admin;
  }
  const s = ctx.session;
  if (s.role >= need && (!need || s.state === Permission.Granted)) return "";
  const name = ROLE_NAMES.split(" ")[need];
  if (s.state === Permission.Granted) ctx.log.add("DENIED", verb + (w ? " " + w.substr(0, 8) : "") + " needs " + name + ", " + ROLE_NAMES.split(" ")[s.role] + " " + s.who.substr(0, 16));
  return name;
}

/**
 * Runs a command on this SMC. `viaChain`: it came from another SMC, whose
 * frame the router already checked against this SMC's permission flag. The
 * parser has checked the verb and the number of arguments
 * (protocol/command.ts); each command checks their values.
 */
export function runLocal(ctx: SmcContext, cmd: Command, reply: Reply, viaChain: boolean): void {
  const verb = cmd.verb;
  const args = cmd.args;
  if (viaChain && cmd.head) return reply.err(Err.UnknownCommand);
  // The commands that need the permission flag need a role too.
  const no = refused(ctx, verb, args[0] || "");
  if (no && !viaChain && ctx.session.state !== Permission.Granted) return reply.err(Err.NotAuthenticated);
  if (no) return reply.err(Err.NotPermitted, "needs " + no);
  ctx.session.touch();
  const body = ctx.body;
  switch (verb) {
    case "AUTH": {
      // AUTH HMAC <user> <proof>: the challenge form (docs/protocol.md). A
      // fourth word, the challenge, only on an SMC after the first in
      // pass-through wiring: the SMC before it passes its own challenge on
      // (passOn.ts); a caller reaches only the first, which refuses it.
      // The challenge is used up whatever the outcome; without one (16
      // dashes) no proof matches, and the failure counts as a wrong proof's.
      // AUTH PLAIN <user> <proof> <challenge>: a plain AUTH's proof, which
      // only the SMC before passes on that way (passOn.ts): the first
      // answers it ERR 2, so only one who knows the password or its
      // verifier makes one.
      const n = args.length;
      if (n < 3) return ctx.auth.auth(args[0], args[1], reply);
      const pv = args[0].toUpperCase() === "PLAIN";
      if ((args[0].toUpperCase() !== "HMAC" && !(pv && n > 3)) || n > 3 !== !ctx.config.passFirst || args[2].length !== 64 || (n > 3 && args[3].length !== 16)) return reply.err(Err.BadArguments);
      const secret = (n > 3 ? args[3] : ctx.auth.nonce || "----------------") + " " + args[2] + (pv ? " P" : "");
      ctx.auth.nonce = "";
      return ctx.auth.auth(args[1], secret, reply);
    }
    case "CHAL":
      // A fresh challenge for the next AUTH HMAC of this call (Session.draw),
      // and the site salt the keys are derived with.
      ctx.auth.nonce = ctx.auth.draw();
      reply.line("CHAL " + ctx.auth.nonce + " " + (ctx.config.site || "-"));
      return reply.ok();
    case "STATUS": {
      const temp = ctx.hal.sys.temperature();
      reply.line("ID " + ctx.config.id);
      reply.line("FW " + ctx.version + " " + ctx.board.name);
      reply.line("POWER " + (body.power() === Power.On ? "ON" : "OFF"));
      reply.line("UPTIME " + Math.floor((ctx.hal.clock.now() - ctx.startedAt) / 1000));
      reply.line("TEMP " + (temp === temp ? temp.toFixed(1) : "-"));
      reply.line("CONFIG " + ctx.configSource);
      reply.line("BOOTS " + ctx.boots + " LAST " + ctx.lastEnd);
      const inputs = ctx.inputs.names;
      for (let i = 0; i < inputs.length; i++) reply.line(ctx.inputs.line(inputs[i]));
      const links = ctx.router.links;
      let l = "LINKS";
      for (let i = 0; i < links.length; i++) {
        const k = links[i];
        const w = linkWord(k, ctx.config.id);
        l += " " + k.name + ":" + (k.usable() ? "up(" + k.peer + (w === "conflict" ? ",conflict" : "") + ")" : w);
      }
      if (links.length) reply.line(l);
      if (ctx.modem) reply.line("MODEM " + ctx.modem.word);
      return reply.ok();
    }
    case "RESET":
      if (!ctx.hal.pins.has("reset")) return reply.err(Err.NoHardware);
      if (body.busy) return reply.err(Err.Busy);
      ctx.log.add("RESET", "commanded");
      return body.press(Act.Reset, () => reply.ok());
    case "POWER": {
      const what = args[0].toUpperCase();
      if (what !== "STATE" && what !== "ON" && what !== "OFF" && what !== "CYCLE") return reply.err(Err.BadArguments);
      if (what !== "STATE" && !ctx.hal.pins.has("power")) return reply.err(Err.NoHardware);
      if (what !== "STATE" && body.busy) return reply.err(Err.Busy);
      // A soft power button toggles: pressing it on a running server would
      // turn it off, so ON and OFF only press when the state differs.
      const on = body.power() === Power.On;
      const pressed = what === "CYCLE" || (what === "ON" && !on) || (what === "OFF" && on);
      // One closure for the command's end (per POWER, gone after it).
      const done = (ok: boolean) => {
        if (!ok) ctx.log.add("POWER", what + " failed: power-good " + (body.power() === Power.On ? "ON" : "OFF"));
        reply.line("POWER " + (body.power() === Power.On ? "ON" : "OFF"));
        if (ok) reply.ok();
        else reply.err(Err.PowerFailed);
      };
      if (!pressed) return done(true);
      ctx.log.add("POWER", what + " commanded");
      const t = ctx.config.t;
      const check = () => body.awaitPower(what === "OFF" ? Power.Off : Power.On, done);
      if (what === "ON") body.press(t.pressMs, check);
      else if (what === "OFF") body.press(t.holdMs, check);
      else body.press(Act.Cycle, check);
      return;
    }
    case "READ": {
      // READ <item>: one input (or power) alone.
      const what = args[0];
      if (what.toLowerCase() === "power") reply.line("POWER " + (body.power() === Power.On ? "ON" : "OFF"));
      else if (!ctx.inputs.read(what)) return reply.err(Err.BadArguments);
      else reply.line(ctx.inputs.line(what));
      return reply.ok();
    }
    case "LOGOUT":
      // Ends the call: every permission and connection flag it set, on every SMC.
      ctx.router.endCall("logout");
      ctx.session.end("logout");
      return reply.ok();
    case "BYE":
      // Ends the call and hangs up, once the OK has left; the permission
      // ends now, as LOGOUT's, so a line typed behind it (a paste, a wired
      // terminal that has no call to end) runs unauthenticated.
      ctx.router.endCall("bye");
      ctx.session.end("bye");
      reply.ok();
      ctx.hal.clock.after(() => ctx.hangup("bye"), Math.ceil((8 * 10000) / ctx.config.modemBaud) + 50);
      return;
  }
  rareCommand(ctx, verb, args, reply);
}
