// The connection flags of the call this SMC takes part in (seed embodiments
// 1, 2 and 4): the call's number, which link leads to each ID that approved
// (routes), which leads toward the head (up) and toward the last map walk's
// head (mapUp), and their expiry. And what every SMC does with the frames
// of operations that are not its own: a search is checked against this
// SMC's credentials or passed on, a map walk gets this SMC's entry, an End
// clears the flags. (A request follows the routes or is served here, and
// answers go one step further toward their head, in Router.on: below.)
//
// The flags are the Router's fields (call, routes, up, mapUp, expiry,
// last, and for cut-through thr and xc: docs/protocol.md, "Cut-through");
// these functions are what changes them:
//   join(r, call, link)  take part in `call` (a new one clears the old),
//                        the head behind `link`; restart the expiry
//   clear(r, why)        drop every flag of the call
//   relay(r, ev, ...)    a frame of another SMC's operation (Frame), or one
//                        a link gave up on (Failed): heartbeats, searches
//                        (one passed on before that comes back on the link
//                        it came in on went round a ring: dropped, its call
//                        cleared; Router.passed), approvals (an SMC between
//                        starts cutting through), map walks, End
// The frames on every request's path, a request and an answer, are
// Router.on's own (router.ts): Espruino reads a whole function on every
// call, what it skips included (docs/bench.md), so they pass through as
// few and as small functions as can be.
// Expiry: the head's call idles out after t.idleMs (ChainPort.idle); any
// other SMC clears its flags once neither a frame of the call nor the
// heartbeat of its neighbour toward the head has carried the call for
// t.linkDownMs (a broken link, a lost End, a cable unplugged by someone).
import { granted, Role } from "../auth";
import { Err, Fr, hex, K, LinkFrame } from "../protocol";
import { Link, LinkState, linkWord } from "./link";
import type { Router } from "./router";
import { Sp, splice } from "./splice";
import { Hops, LinkEv, Searched } from "./types";

const enum Passed {
  /** The searches passed on that this SMC remembers (Router.passed): 8 keys of 8 hex digits and a comma. */
  Chars = 8 * 9,
}

/** Takes part in `call`: the head is behind `link` (undefined: unchanged); flags expire without traffic. */
export function join(r: Router, call: number, link: Link | undefined): void {
  if (call !== r.call) {
    if (r.call) clear(r, "new call");
    // Also the call this SMC's heartbeats carry.
    r.call = call;
  }
  if (link) r.up = link;
  const clock = r.port.clock;
  const t = r.port.config.t;
  if (r.expiry) clock.cancel(r.expiry);
  r.expiry = clock.after(r.xt, r.headCall && r.headCall === r.call ? t.idleMs : t.linkDownMs);
}

/** Clears every flag of the current call on this SMC. */
export function clear(r: Router, why: string): void {
  if (r.expiry) r.port.clock.cancel(r.expiry);
  r.expiry = 0;
  const had = r.call;
  r.call = 0;
  for (let i = 0; i < r.links.length; i++) r.links[i].xs = -1;
  r.routes = {};
  r.thr = {};
  r.xc = "";
  r.sm = 0;
  if (r.sx) splice(r, Sp.Own);
  r.up = undefined;
  r.last = undefined;
  r.port.session.end(why);
  if (had && !r.headCall) r.port.log.add("CALL", "flags cleared: " + why);
}

/** A frame of an operation that is not this SMC's own (Frame), or one of them `link` gave up on (Failed). */
export function relay(r: Router, ev: LinkEv, link: Link, f: LinkFrame): void {
  const me = r.port.config.id;
  const k = f.kind;
  const links = r.links;
  const next = links[0] === link ? links[1] : links[0];
  const go = !!next && next.usable();
  if (ev === LinkEv.Failed) {
    // Whoever waits for its answer is told.
    const toward = k === K.Map ? r.mapUp : r.up;
    if (toward && toward.usable()) toward.back(f, K.Error, Err.Unreachable + " link " + link.name + " down");
    return;
  }
  switch (k) {
    case K.Heartbeat: {
      // The wall clock of a newer generation than this SMC's (8-bit serial
      // numbers: 1..127 ahead) is taken, half a second added for the
      // fraction the sender cut off, and passed on by this SMC's own
      // heartbeats (docs/protocol.md, "Wall-clock time").
      const lg = r.port.log;
      const ahead = (f.dst - lg.g) & 255;
      if (f.dst && f.req && (!lg.g || (ahead > 0 && ahead < 128))) {
        lg.time(f.req + 0.5, f.dst);
        lg.add("TIME", "from SMC " + f.src + " via link " + link.name);
      }
      // The call goes on toward its head: a flag held here lives while it does.
      if (f.call && f.call === r.call && link === r.up && r.call !== r.headCall) join(r, r.call, undefined);
      return;
    }
    case K.Search: {
      // A late copy of this SMC's own search (its operation is over: the
      // other way round a ring answered first, or the call ended): not
      // passed round again, where it would come back like a forger's.
      if (f.src === me && (f.call === r.headCall || f.call === r.endedCall)) return;
      // A search this SMC passed on, back on the link it came in on, went
      // round a ring with no head stopping it (a forger's): dropped before
      // its check, counted, and the call it made this SMC join cleared (in
      // a ring every SMC's flag would be kept alive by its neighbour's
      // heartbeats for good). A search the head asks again the other way
      // round comes in on the other link: a search of its own.
      const key = hex(r.port.crc(link.name + f.call + " " + f.src + " " + f.req + " " + f.payload), 8) + ",";
      if (r.passed.indexOf(key) >= 0) {
        link.circled++;
        const why = "a search came back round via link " + link.name;
        if (f.call === r.call && r.call !== r.headCall) return clear(r, why);
        r.port.log.add("CALL", why);
        return;
      }
      // A call this SMC holds is not given up for another call's search
      // from anywhere but toward its head (a forger's on another cable, or
      // a head of its own): a call that is over expires here within
      // t.linkDownMs anyway.
      if (r.call && f.call !== r.call && (link !== r.up || r.call === r.headCall)) return link.back(f, K.Error, Err.Unreachable + " busy");
      // Still up here: a search of this call again is its head asking again.
      const live = r.call === f.call;
      join(r, f.call, link);
      // "user challenge proof" (challenge-response) or "user challenge
      // proof P" (a plain AUTH's proof); never a password: a search that
      // carries one (no space after a challenge's 16 characters) opens nothing.
      const sp = f.payload.indexOf(" ");
      const user = f.payload.substr(0, sp);
      const role = f.payload.charAt(sp + 17) === " " ? r.port.who.creds(user, f.payload.substr(sp + 1)) : Role.None;
      // A proof opens once: the same proof in a call of its own (sent again
      // by a device on a cable) is refused (auth/replay.ts).
      if (role) {
        const rec = granted(r.seen, f.src, f.payload.substr(sp + 1, 16), f.call, live);
        // Refused and answered here, not passed on: round a ring it would
        // come back here, and be written down, until its hop limit.
        if (rec === undefined) {
          r.port.log.add("AUTH", "refused a proof granted before (a replay) via " + link.name);
          return link.back(f, K.Error, Err.AuthFailed + " replay");
        }
        r.seen = rec;
      }
      if (role) {
        // An SMC that serves the call reads every request: it cuts through no more.
        r.xc = "";
        r.port.session.grant(f.call, role, user);
        r.port.log.add("AUTH", "granted to a console via " + link.name);
        // "T": it takes through frames (docs/protocol.md, "Cut-through").
        return link.back(f, K.Approval, "T");
      }
      if (go && f.hops < Hops.Max) {
        r.passed = (key + r.passed).substr(0, Passed.Chars);
        return next.send(f, 1);
      }
      return link.back(f, K.Error, f.hops >= Hops.Max ? Err.AuthFailed + " hop limit" : next && next.state === LinkState.Down ? Err.Unreachable + " link " + next.name + " down" : Err.AuthFailed + " end of chain");
    }
    case K.Map: {
      // Each SMC adds "id:linkA:linkB;" and passes the walk on; the end
      // sends it back. A full frame goes back marked "+", and the head
      // sends a new walk addressed to the last SMC reached, which starts
      // it afresh.
      r.mapUp = link;
      const addressed = f.dst !== 0;
      if (addressed) {
        if (f.dst === me) f.dst = 0;
      } else {
        const entry = me + ":" + linkWord(links[0], me) + ":" + linkWord(links[1], me) + ";";
        if (f.payload.length + entry.length + 1 > Fr.MaxPayload) return link.back(f, K.MapReply, f.payload + "+");
        f.payload += entry;
      }
      if (go && f.hops < Hops.Max) return next.send(f, 1);
      return link.back(f, K.MapReply, addressed ? "" : f.payload);
    }
    case K.Lock:
      // Another SMC's lockout: the session keeps it and passes it on while it
      // is news, and answers with its own on this link when it knows more.
      if (f.src !== me) r.port.auth.searched(undefined, Searched.Shared, f.payload + " " + link.name);
      return;
    case K.Approval: {
      // An approval on its way to the head sets the connection flag; an
      // SMC between that serves nothing of the call cuts through from now
      // on and says so with one more "T" (all "T"s so far: the far end and
      // every SMC between take through frames).
      r.routes[f.src] = link;
      const up = r.up;
      if (!up || up === link) return;
      if (f.payload === new Array(f.hops + 2).join("T") && !(r.port.session.state && r.port.session.call === f.call)) {
        r.xc = hex(f.call, 8);
        f.payload += "T";
        f.w = undefined;
      }
      if (f.hops < Hops.Max) up.send(f, 1);
      else link.bad++;
      return;
    }
    case K.End:
      // Its own End back round a ring stops; a same-ID neighbour's goes on.
      if (f.src === me && f.call === r.endedCall) return;
      if (f.call === r.call) clear(r, "call ended");
      if (go && f.hops < Hops.Max) next.send(f, 1);
      return;
  }
}
