// Pass-through wiring (docs/passthrough.md): which of the console's commands
// this SMC passes on to the next SMC, as one line, with the call: an AUTH it
// cannot grant, a command for another ID (one without an ID made explicit);
// MAP and LOGOUT act here and then go on. Everything else runs here.
import { hmac as hmac256, sha256hex } from "../auth";
import { Searched } from "../chain";
import { Command, Err, frame, parseId, Reply } from "../protocol";
import { SmcContext } from "./context";

/** True when the command was answered or passed on; false: run it here. `target`: its ID, explicit or not. */
export function passOn(ctx: SmcContext, cmd: Command, target: number, reply: Reply): boolean {
  const relay = ctx.relay!;
  const verb = cmd.verb;
  const router = ctx.router;
  const through = relay.through();
  let line = "";
  const a = cmd.args;
  // AUTH HMAC <user> <proof>: checked against the call's challenge (the
  // first SMC's own, or the one the SMC before it passed on as a fourth
  // word), which goes on with the line and is used up here. AUTH PLAIN
  // <user> <proof> <challenge> (from the SMC before only) goes on as it came.
  const pv = verb === "AUTH" && a.length > 3 && !ctx.config.passFirst && a[0].toUpperCase() === "PLAIN";
  const hmac = verb === "AUTH" && a.length > 2 && (pv || a[0].toUpperCase() === "HMAC");
  let nonce = hmac ? (ctx.config.passFirst ? ctx.auth.nonce : a[3] || "") : undefined;
  if (verb === "AUTH") {
    const se = ctx.auth;
    // AUTH refused here now (as Session.auth: the lockout, or the phone call's failures used up).
    const locked = ctx.hal.clock.now() < se.lockedUntil || (!!ctx.modem && se.inCall >= ctx.config.authTries);
    // A password goes on as its proof for a challenge drawn here (as
    // CHAL's, docs/passthrough.md), never as itself.
    if (!locked && a.length < 3 && ctx.config.plain !== false && !ctx.creds(a[0], a[1])) {
      nonce = ctx.auth.draw();
      line = "AUTH PLAIN " + a[0] + " " + hmac256(sha256hex((ctx.config.site || "") + ":" + a[0] + ":" + a[1]), nonce + ":" + a[0]) + " " + nonce;
    }
    if (hmac && nonce && !locked && !ctx.creds(a[1], nonce + " " + a[2] + (pv ? " P" : ""))) {
      line = "AUTH " + (pv ? "PLAIN " : "HMAC ") + a[1] + " " + a[2] + " " + nonce;
      if (!pv) ctx.auth.nonce = "";
    }
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
    // This SMC's MAP line: `self` for the SMC holding the console, else
    // its hops along the pass-through ports; the next SMC's DTR says
    // whether one is there (here, not a method of the relay's).
    const state = through ? "through" : !ctx.config.passNext ? "none" : ctx.hal.pins.read("ptDtr") ? "up" : "down";
    reply.line("MAP " + ctx.config.id + (hops ? " P " + hops : " self 0") + " P:" + state);
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
  let r = reply;
  if (auth) {
    // The Reply the relay gets for an AUTH handed to the next SMC: a
    // refusal the relay answers here (no SMC wired next, or it is dead, or
    // silent) counts as a failure here; what the SMCs further on answered,
    // the relay reports through its host's authed. `reply` with err
    // replaced (its methods are prototype methods: they cannot be copied
    // off it). Made here, not a Session method: a links unit holds none of
    // it (passOn is dropped after its boot, smc.ts).
    ctx.auth.user = a[hmac ? 1 : 0];
    r = Object.create(reply);
    r.err = (code: number) => ctx.auth.searched(reply, code === Err.Unreachable ? Searched.NotAll : Searched.NoOne, "");
  }
  relay.forward(framed ? framed.substr(0, framed.length - 2) : line, !framed, r, auth);
  return true;
}
