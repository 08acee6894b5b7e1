// The connection flags of the call this SMC takes part in (seed embodiments
// 1, 2 and 4): the call's number, which link leads to each ID that approved
// (routes), which leads toward the head (up) and toward the last map walk's
// head (mapUp), and their expiry. And what every SMC does with the frames
// of operations that are not its own: a search is checked against this
// SMC's credentials or passed on, a request follows the routes (or is
// served here, serve.ts), a map walk gets this SMC's entry, an End clears
// the flags, and answers go one step further toward their head.
//
//   join(call, link)  take part in `call` (a new one clears the old), the
//                     head behind `link`; restart the expiry
//   clear(why)        drop every flag of the call
//   relay(ev, ...)    a frame of another SMC's operation (Frame), or one
//                     a link gave up on (Failed)
// Expiry: the head's call idles out after t.idleMs (ChainPort.idle); any
// other SMC clears its flags once neither a frame of the call nor the
// heartbeat of its neighbour toward the head has carried the call for
// t.linkDownMs (a broken link, a lost End, a cable unplugged by someone).
import { roleOf } from "../auth";
import { Err, errLine, K, LinkFrame, MAX_PAYLOAD } from "../protocol";
import { Link, LinkState, linkWord } from "./link";
import type { Router } from "./router";
import { serve, Served } from "./serve";
import { LinkEv, MAX_HOPS } from "./types";

export class Flags {
  /** The call whose connection flags this SMC holds (0: none). */
  call = 0;
  /** Connection flags: ID code -> the link that leads to it. */
  routes: { [id: number]: Link } = {};
  /** Toward the head of `call`, and of the last map walk. */
  up: Link | undefined;
  mapUp: Link | undefined;
  /** The request last served here: its retry cache (serve.ts). */
  last: Served | undefined;
  private expiry = 0;
  /** The expiry timer's function, made once. */
  private xt: () => void;

  constructor(private r: Router) {
    this.xt = () => {
      this.expiry = 0;
      if (r.headCall && r.headCall === this.call) return r.port.idle();
      this.clear("call silent");
    };
  }

  /** Takes part in `call`: the head is behind `link` (undefined: unchanged); flags expire without traffic. */
  join(call: number, link: Link | undefined): void {
    const r = this.r;
    if (call !== this.call) {
      if (this.call) this.clear("new call");
      this.call = call;
      // The call this SMC's heartbeats carry.
      for (let i = 0; i < r.links.length; i++) r.links[i].call = call;
    }
    if (link) this.up = link;
    const clock = r.port.clock;
    const t = r.port.config.t;
    if (this.expiry) clock.cancel(this.expiry);
    this.expiry = clock.after(this.xt, r.headCall && r.headCall === this.call ? t.idleMs : t.linkDownMs);
  }

  /** Clears every flag of the current call on this SMC. */
  clear(why: string): void {
    const r = this.r;
    if (this.expiry) r.port.clock.cancel(this.expiry);
    this.expiry = 0;
    const had = this.call;
    this.call = 0;
    for (let i = 0; i < r.links.length; i++) r.links[i].call = 0;
    this.routes = {};
    this.up = undefined;
    this.last = undefined;
    r.port.session.end(why);
    if (had && !r.headCall) r.port.log.add("CALL", "flags cleared: " + why);
  }

  /** A frame of an operation that is not this SMC's own (Frame), or one of them `link` gave up on (Failed). */
  relay(ev: LinkEv, link: Link, f: LinkFrame): void {
    const r = this.r;
    const me = r.port.config.id;
    const k = f.kind;
    const links = r.links;
    const next = links[0] === link ? links[1] : links[0];
    const go = !!next && next.usable();
    if (ev === LinkEv.Failed) {
      // Whoever waits for its answer is told.
      const toward = k === K.Map ? this.mapUp : this.up;
      if (toward && toward.usable()) toward.back(f, K.Error, Err.Unreachable + " link " + link.name + " down");
      return;
    }
    switch (k) {
      case K.Heartbeat:
        // The call goes on toward its head: a flag held here lives while it does.
        if (f.call === this.call && link === this.up && this.call !== r.headCall) this.join(this.call, undefined);
        return;
      case K.Search: {
        // A call this SMC holds is not given up for another call's search
        // from anywhere but toward its head (a forger's on another cable, or
        // a head of its own): a call that is over expires here within
        // t.linkDownMs anyway.
        if (this.call && f.call !== this.call && (link !== this.up || this.call === r.headCall)) return link.back(f, K.Error, Err.Unreachable + " busy");
        this.join(f.call, link);
        const sp = f.payload.indexOf(" ");
        const c = r.port.config;
        const role = roleOf(c, c.operator, f.payload.substr(0, sp), f.payload.substr(sp + 1));
        if (role) {
          r.port.session.grant(f.call, role);
          r.port.log.add("AUTH", "granted to a console via " + link.name);
          return link.back(f, K.Approval, "");
        }
        if (go && f.hops < MAX_HOPS) return next.send(f, 1);
        return link.back(f, K.Error, f.hops >= MAX_HOPS ? Err.AuthFailed + " hop limit" : next && next.state === LinkState.Down ? Err.Unreachable + " link " + next.name + " down" : Err.AuthFailed + " end of chain");
      }
      case K.Request: {
        // Only a search starts a call here: a request of another call (a
        // stale or stray frame) is refused and must not disturb the current one.
        if (!f.call || f.call !== this.call) return link.back(f, K.Error, errLine(Err.NotAuthenticated).substr(4));
        this.join(f.call, link);
        if (f.dst === me) return serve(r, link, f);
        const via = this.routes[f.dst];
        if (via && via !== link && via.usable() && f.hops < MAX_HOPS) return via.send(f, 1);
        // The head shows why (ERR 10 ...: link B down).
        return link.back(f, K.Error, Err.Unreachable + " " + (via && via !== link && !via.usable() ? "link " + via.name + " down" : "unreachable"));
      }
      case K.Map: {
        // Each SMC adds "id:linkA:linkB;" and passes the walk on; the end
        // sends it back. A full frame goes back marked "+", and the head
        // sends a new walk addressed to the last SMC reached, which starts
        // it afresh.
        this.mapUp = link;
        const addressed = f.dst !== 0;
        if (addressed) {
          if (f.dst === me) f.dst = 0;
        } else {
          const entry = me + ":" + linkWord(links[0], me) + ":" + linkWord(links[1], me) + ";";
          if (f.payload.length + entry.length + 1 > MAX_PAYLOAD) return link.back(f, K.MapReply, f.payload + "+");
          f.payload += entry;
        }
        if (go && f.hops < MAX_HOPS) return next.send(f, 1);
        return link.back(f, K.MapReply, addressed ? "" : f.payload);
      }
      case K.End:
        // Its own End back round a ring stops; a same-ID neighbour's goes on.
        if (f.src === me && f.call === r.endedCall) return;
        if (f.call === this.call) this.clear("call ended");
        if (go && f.hops < MAX_HOPS) next.send(f, 1);
        return;
    }
    // Answers: one step further toward the head, for the call this SMC is in.
    if (k !== K.MapReply && k !== K.Error && f.call !== this.call) return;
    if (k === K.Approval) this.routes[f.src] = link;
    const toward = k === K.MapReply ? this.mapUp : this.up;
    if (toward && toward !== link) toward.send(f, 1);
  }
}
