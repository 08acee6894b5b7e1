// Pass-through wiring (docs/passthrough.md): which of the console's commands
// this SMC passes on to the next SMC, as one line, with the call: an AUTH it
// cannot grant, a command for another ID (one without an ID made explicit);
// MAP and LOGOUT act here and then go on. Everything else runs here.
import { Command, Err, frame, parseId, Reply } from "../protocol";
import { SmcContext } from "./context";

/** True when the command was answered or passed on; false: run it here. `target`: its ID, explicit or not. */
export function passOn(ctx: SmcContext, cmd: Command, target: number, reply: Reply): boolean {
  const relay = ctx.relay!;
  const verb = cmd.verb;
  const router = ctx.router;
  const through = relay.through();
  let line = "";
  if (verb === "AUTH") {
    if (!ctx.auth.locked() && !ctx.creds(cmd.args[0], cmd.args[1])) line = cmd.line;
    // The first SMC times the call out, whoever grants the AUTH (as a chain's head).
    if (line && ctx.config.passFirst) ctx.router.ensureCall();
  } else if (verb === "MAP") {
    // "MAP <hops>" is what an SMC before this one passed on.
    const hops = cmd.args.length ? parseId(cmd.args[0]) : 0;
    if (cmd.args.length && !hops) {
      reply.err(Err.BadArguments);
      return true;
    }
    if (!hops && !router.current) {
      reply.err(Err.NotAuthenticated);
      return true;
    }
    reply.line(relay.mapLine(hops));
    if (!through) {
      reply.ok();
      return true;
    }
    line = "MAP " + (hops + 1);
  } else if (verb === "LOGOUT") {
    if (!through) return false;
    router.endCall("logout");
    router.current = 0;
    ctx.session.end("logout");
    line = verb;
  } else if (!cmd.head && target !== ctx.config.id && through) line = "@" + target + " " + cmd.line;
  if (!line) return false;
  // A framed line goes on framed, with its seq; its CR LF is added by the relay.
  const framed = cmd.seq ? frame(cmd.seq, line) : "";
  const auth = verb === "AUTH";
  relay.forward(framed ? framed.substr(0, framed.length - 2) : line, !framed, auth ? ctx.auth.passing(cmd.args[0], reply) : reply, auth);
  return true;
}
