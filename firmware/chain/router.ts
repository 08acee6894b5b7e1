// The router, chain/'s door (seed embodiments 1, 2 and 4): an AUTH that is
// not this SMC's own travels on until the SMC whose credentials match sets
// its permission flag and answers with its ID code; each SMC that relays
// the approval back sets its connection flag (flags.ts), remembering the
// link that leads to that ID. Requests then name a target ID and follow
// those flags. In a ring, a search that meets a dead link comes back and is
// sent the other way.
//
// This file is the head's side: the app asks for a call number, a search
// (AUTH), a request to another SMC, a MAP walk, the end of the call; the
// operation in flight is one Pending (a union on `k`), moved on by step().
// The links report here (on): an answer to this SMC's own operation goes to
// step(); a request of the call is passed on along the routes (a request
// for this SMC to serve.ts) and an answer toward its head, here, as they
// are on every request's path (docs/bench.md, "Relay against native
// forwarding"); everything else goes to the flags (flags.ts).
import { Uart } from "../hal";
import { Err, errLine, K, LINE_SEP, LinkFrame, Reply } from "../protocol";
import { clear, join, relay } from "./flags";
import { serve } from "./serve";
import { Sp, splice } from "./splice";
import type { Served } from "./serve";
import { Link, LinkDo, LinkState, linkWord } from "./link";
import { ChainPort, Hops, LinkEv, PortEv, Searched } from "./types";

/** The head's chain operations (Router.ask). */
export const enum Op {
  /** AUTH: find the SMC holding the credentials `text` ("user password"). */
  Search,
  /** Run the command line `text` on SMC `to`. */
  Request,
  /** MAP: walk each side of the chain. */
  Map,
}

interface OpBase {
  req: number;
  reply: Reply;
  timer: number;
}
/** AUTH's search: the links tried so far; whether some SMC could not be asked, and what was heard of why. */
interface SearchOp extends OpBase {
  k: Op.Search;
  text: string;
  tried: Link[];
  sawDown: boolean;
  why: string;
}
/**
 * A request to SMC `dst`: times asked, reply parts shown, parts of a
 * repeated answer to skip; `again`: no answer came, waiting to ask again;
 * `why`: what this asking heard of the way (an E frame's text).
 */
interface RequestOp extends OpBase {
  k: Op.Request;
  dst: number;
  text: string;
  asks: number;
  got: number;
  skip: number;
  again: boolean;
  why: string;
}
/** MAP: the sides walked so far; entries shown from the current side. */
interface MapOp extends OpBase {
  k: Op.Map;
  tried: Link[];
  n: number;
}
/** The head's one outstanding chain operation (the console runs one command at a time). */
type Pending = SearchOp | RequestOp | MapOp;

/** What moves the pending operation on (step). */
const enum Step {
  /** Number it and send it. */
  Start,
  /** Send it on: search the next link, walk the next side, ask (again). */
  Next,
  /** Nothing came within the time. */
  Timeout,
  /** A link gave up on its frame. */
  Failed,
  /** Its search came back round a ring: everyone was asked. */
  Round,
  /** An answer frame for it. */
  Answer,
}

export class Router {
  readonly links: Link[] = [];
  // ---- the connection flags of the call this SMC takes part in, as head or not (flags.ts) ----
  /** The call whose connection flags this SMC holds (0: none). */
  call = 0;
  /** Connection flags: ID code -> the link that leads to it. */
  routes: { [id: number]: Link } = {};
  /** Head side: ID code -> SMCs between, when every one of them cuts through (docs/protocol.md, "Cut-through"). */
  thr: { [id: number]: number } = {};
  /**
   * Cut-through: the call (8 hex digits) whose through frames this SMC, one
   * between a head and an SMC it reached, passes from link to link unread; "" when not.
   */
  xc = "";
  /** Splicing (splice.ts): its state (Sx), the links that said Y (1: A, 2: B), the heartbeats since it started. */
  sx = 0;
  sy = 0;
  sn = 0;
  /** Through lines passed since the last heartbeat period began (splice.ts: a burst offers a splice). */
  sc = 0;
  /** A request or an answer of the call went through here hop by hop: no splice in this call (splice.ts). */
  sm = 0;
  /** The challenges of the searches granted here (auth/replay.ts, flags.ts). */
  seen = "";
  /**
   * The searches passed on from here, newest first, at most 8: each "<8 hex>,",
   * the CRC of the link it came in on, its call, src, req and payload (flags.ts).
   */
  passed = "";
  /** Toward the head of `call`, and of the last map walk. */
  up: Link | undefined;
  mapUp: Link | undefined;
  /** The request last served here: its retry cache (serve.ts). */
  last: Served | undefined;
  expiry = 0;
  /** The expiry timer's function, made once. */
  xt: () => void;

  // ---- the head's side ----
  /** Head side: the call this SMC's console holds, and its default target. */
  headCall = 0;
  current = 0;
  /** The last call this SMC ended as head (its End frame coming back round a ring stops here). */
  endedCall = 0;
  /** True while endCall answers the operation it cut short: nothing may start a call then. */
  ending = false;
  /** Request numbers run on across calls (32 bits): an answer of an earlier call never matches. */
  private reqNo = 0;
  private pending: Pending | undefined;
  /** The pending operation's timer function, made once. */
  private ht: () => void;

  /** `uarts`: link A's and link B's; either may be missing (then the other is links[0]). */
  constructor(
    readonly port: ChainPort,
    uarts: (Uart | undefined)[],
  ) {
    this.xt = () => {
      this.expiry = 0;
      if (this.headCall && this.headCall === this.call) return void port.call(PortEv.Idle, 0, "");
      clear(this, "call silent");
    };
    this.ht = () => {
      if (!this.pending) return;
      this.pending.timer = 0;
      this.step(Step.Timeout, undefined, undefined);
    };
    const links = this.links;
    for (let i = 0; i < uarts.length; i++) {
      const u = uarts[i];
      if (u) links.push(new Link("AB".charAt(i), u, this));
    }
    if (links.length) {
      port.clock.every(() => {
        splice(this, Sp.Tick);
        for (let i = 0; i < links.length; i++) links[i].on(LinkDo.Tick);
      }, port.config.t.heartbeatMs);
    }
  }

  // ---- the head's operations: what the console asks for ----

  /** Starts a call if none is held; returns its number. */
  ensureCall(): number {
    if (!this.headCall) {
      // 32 random bits, never 0 nor the call just ended: a call is not
      // found by trying numbers (docs/protocol.md, "Security notes").
      let c = 0;
      while (!c || c === this.endedCall) c = 1 + Math.floor(Math.random() * 0xfffffffe);
      this.headCall = c;
      join(this, c, undefined);
    }
    return this.headCall;
  }

  /**
   * Starts a chain operation; it answers `reply`. A search's outcome goes
   * to port.auth.searched; a request needs a connection flag for `to` in
   * this call.
   */
  ask(k: Op, reply: Reply, text?: string, to?: number): void {
    const me = this.port.config.id;
    const l = this.links;
    if (k === Op.Search) {
      this.ensureCall();
      this.pending = { k: k, req: 0, reply: reply, timer: 0, text: text!, tried: [], sawDown: false, why: "" };
    } else if (k === Op.Request) {
      if (!this.headCall || !this.routes[to!]) return reply.err(Err.NotAuthenticated);
      this.pending = { k: k, req: 0, reply: reply, timer: 0, dst: to!, text: text!, asks: 0, got: 0, skip: 0, again: false, why: "" };
    } else {
      // This SMC first, then each side of the chain in order.
      reply.line("MAP " + me + " self 0 A:" + linkWord(l[0], me) + " B:" + linkWord(l[1], me));
      this.pending = { k: k, req: 0, reply: reply, timer: 0, tried: [], n: 0 };
    }
    this.step(Step.Start, undefined, undefined);
  }

  /** Ends the console's call: every flag it set, here and along the chain. */
  endCall(why: string): void {
    const call = this.headCall;
    if (!call) return;
    const me = this.port.config.id;
    for (let i = 0; i < this.links.length; i++) {
      if (this.links[i].usable()) this.links[i].send({ kind: K.End, seq: 0, hops: 0, call: call, src: me, dst: 0, req: 0, payload: why });
    }
    // Everything of the call goes first; then the operation it cut short is
    // answered, and whatever that answer starts finds no call to join.
    this.endedCall = call;
    this.headCall = 0;
    this.current = 0;
    const p = this.finish();
    clear(this, why);
    if (!p) return;
    this.ending = true;
    p.reply.err(Err.Unreachable);
    this.ending = false;
  }

  /** Restarts the head's idle time-out: called on every console command. */
  touch(): void {
    if (this.headCall) join(this, this.headCall, undefined);
  }

  // ---- what the links report ----

  on(ev: LinkEv, link: Link, f: LinkFrame | undefined): void {
    const me = this.port.config.id;
    if (ev === LinkEv.Changed) {
      this.port.log.add("LINK", link.name + " " + (link.usable() ? "up, neighbour " + link.peer + (link.peer === me ? ": ID conflict, the same ID as this SMC" : "") : "down"));
      // A neighbour that booted, or came back, hears the site's lockout (app/session.ts).
      if (link.usable()) this.port.auth.searched(undefined, Searched.Rejoin, link.name);
      return;
    }
    const g = f!;
    const k = g.kind;
    const p = this.pending;
    if (ev === LinkEv.Failed) {
      if (k !== K.Search && k !== K.Request && k !== K.Map) return;
      if (p && g.src === me && g.req === p.req && g.call === this.headCall) return this.step(Step.Failed, link, g);
    } else if (k !== K.Heartbeat && k !== K.Request && k !== K.End && !!p && g.req === p.req && g.call === this.headCall && (g.src === me || g.dst === me)) {
      // This SMC's own operation: an answer to it, or its search or map walk
      // back round the ring. A neighbour with the same ID (a defaulted SMC)
      // sends frames of other calls: those are handled and forwarded like anyone's.
      return this.step(k === K.Search ? Step.Round : Step.Answer, link, g);
    }
    if (ev === LinkEv.Failed || k === K.Heartbeat || k === K.Search || k === K.Map || k === K.End || k === K.Lock) return relay(this, ev, link, g);
    // A request or an answer of another SMC's operation: here, not in
    // flags.ts's relay, as it is on every request's path (see the header).
    if (k === K.Request) {
      // Only a search starts a call here: a request of another call (a
      // stale or stray frame) is refused and must not disturb the current one.
      if (!g.call || g.call !== this.call) return link.back(g, K.Error, errLine(Err.NotAuthenticated).substr(4));
      join(this, g.call, link);
      if (g.dst === me) return serve(this, link, g);
      const via = this.routes[g.dst];
      this.sm = 1;
      if (via && via !== link && via.usable() && g.hops < Hops.Max) return via.send(g, 1);
      // The head shows why (ERR 10 ...: link B down).
      return link.back(g, K.Error, Err.Unreachable + " " + (via && via !== link && !via.usable() ? "link " + via.name + " down" : "unreachable"));
    }
    // Answers: one step further toward the head, for the call this SMC is in.
    if (k !== K.MapReply && k !== K.Error && g.call !== this.call) return;
    if (k === K.Approval) return relay(this, ev, link, g);
    const toward = k === K.MapReply ? this.mapUp : this.up;
    // Below the hop limit, as every frame passed on: no answer circles a
    // ring, nor its hops run into its seq (docs/protocol.md). One at the
    // limit no SMC sent: dropped and counted as damaged.
    if (toward && toward !== link) {
      this.sm = 1;
      if (g.hops < Hops.Max) toward.send(g, 1);
      else link.bad++;
    }
  }

  private finish(): Pending | undefined {
    const p = this.pending;
    this.pending = undefined;
    if (p && p.timer) this.port.clock.cancel(p.timer);
    return p;
  }

  /**
   * Moves the pending operation on by `s` (with the frame `f` that came over
   * `link`, or the link that gave up on it). Per kind:
   * - Search: Next sends it over the first usable link not tried yet; none
   *   left: it ended (Searched.NotAll, with the last E frame's why, if some
   *   SMC could not be asked, else NoOne). A time-out, a link giving up, an E other than 7 mark NotAll
   *   and go Next; Round marks every link tried; an approval (P) ends it,
   *   setting the route, `current` and telling port.auth.
   * - Request: Next asks the target (the second time with the same req: a
   *   target that ran it answers from its retry cache). Reply parts are
   *   shown, those shown before the asking again skipped, and restart the
   *   time; the final frame answers. No answer (time-out, a link gave up,
   *   E 10 on the way): the command may have run and only its reply been
   *   lost, so it is asked once more after a link's time to come back up
   *   (t.linkDownMs); only then ERR 10, with what the asking heard of the way.
   * - Map: Next walks the next side not walked (a side whose link is down
   *   is one line); entries are shown as they come; a full frame walks on
   *   from the last SMC it reached; a walk back round a ring saw everyone.
   */
  private step(s: Step, link: Link | undefined, f: LinkFrame | undefined): void {
    const p = this.pending;
    if (!p) return;
    const port = this.port;
    const clock = port.clock;
    const me = port.config.id;
    const links = this.links;
    const wait = port.config.t.requestMs;
    if (s === Step.Start) {
      this.reqNo = this.reqNo >= 0xfffffffe ? 1 : this.reqNo + 1;
      p.req = this.reqNo;
      s = Step.Next;
    }
    // An E frame says "<code> <why>": the why goes on to the console unless
    // it is only the code's own text. A link that gave up says which it was.
    const code = f && f.kind === K.Error ? parseInt(f.payload, 10) || Err.Unreachable : 0;
    const sp = code ? f!.payload.indexOf(" ") : -1;
    const why = s === Step.Failed ? "link " + link!.name + " down" : sp > 0 && "ERR " + code + " " + f!.payload.substr(sp + 1) !== errLine(code) ? f!.payload.substr(sp + 1) : "";
    let out: LinkFrame | undefined;
    let to: Link | undefined;
    switch (p.k) {
      case Op.Search: {
        if (s === Step.Answer) {
          if (f!.kind === K.Approval) {
            this.finish();
            this.routes[f!.src] = link!;
            this.current = f!.src;
            // "T" from the approving SMC and from each SMC between: requests
            // to it go through (their first asking), the relays not reading them.
            if (f!.hops && f!.payload === new Array(f!.hops + 2).join("T")) this.thr[f!.src] = f!.hops;
            return port.auth.searched(p.reply, f!.src, link!.name);
          }
          if (f!.kind !== K.Error) return;
          // E 7: the end of the chain, or the hop limit, said no.
          if (code !== Err.AuthFailed) p.sawDown = true;
        } else if (s === Step.Round) p.tried = links.slice();
        else if (s !== Step.Next) p.sawDown = true;
        if (why && code !== Err.AuthFailed) p.why = why;
        for (let i = 0; i < links.length && !to; i++) {
          const l = links[i];
          if (p.tried.indexOf(l) >= 0) continue;
          if (l.usable()) to = l;
          else if (l.state === LinkState.Down) p.sawDown = true;
        }
        if (!to) {
          this.finish();
          return port.auth.searched(p.reply, p.sawDown ? Searched.NotAll : Searched.NoOne, p.sawDown ? p.why : "");
        }
        p.tried.push(to);
        out = { kind: K.Search, seq: 0, hops: 0, call: this.headCall, src: me, dst: 0, req: p.req, payload: p.text };
        break;
      }
      case Op.Request: {
        if (s === Step.Round) return;
        if (s === Step.Answer) {
          // Waiting to ask again: an answer now is still the answer.
          p.again = false;
          const lines = f!.payload.split(LINE_SEP);
          if (f!.kind === K.ReplyPart) {
            // Parts shown before the request was asked again come again: skip them.
            if (p.skip) p.skip--;
            else {
              p.got++;
              for (let i = 0; i < lines.length; i++) p.reply.line(lines[i]);
            }
            if (p.timer) clock.cancel(p.timer);
            p.timer = clock.after(this.ht, wait);
            return;
          }
          if (code !== Err.Unreachable) {
            this.finish();
            if (code) return p.reply.err(code, why);
            if (f!.kind !== K.Reply) return p.reply.err(Err.Unreachable);
            for (let i = 0; i < lines.length - 1; i++) p.reply.line(lines[i]);
            const final = lines[lines.length - 1];
            if (final === "OK") return p.reply.ok();
            // With the far SMC's detail (ERR 14 not permitted: needs operator).
            const d = final.indexOf(": ");
            return p.reply.err(parseInt(final.substr(4), 10) || Err.Unreachable, d > 0 ? final.substr(d + 2) : "");
          }
          p.why = why;
        } else if (s === Step.Failed) p.why = why;
        if (s !== Step.Next && !(s === Step.Timeout && p.again)) {
          // No answer to this asking.
          if (p.asks >= 2) {
            this.finish();
            return p.reply.err(Err.Unreachable, p.why);
          }
          p.again = true;
          if (p.timer) clock.cancel(p.timer);
          p.timer = clock.after(this.ht, port.config.t.linkDownMs);
          return;
        }
        p.asks++;
        p.skip = p.got;
        p.again = false;
        p.why = "";
        to = this.routes[p.dst];
        // The first asking goes through where it can; asking again goes hop by hop (failover, E frames).
        const n = p.asks < 2 ? this.thr[p.dst] : 0;
        out = { kind: n ? "q" : K.Request, seq: 0, hops: n || 0, call: this.headCall, src: me, dst: p.dst, req: p.req, payload: p.text };
        break;
      }
      case Op.Map: {
        if (s === Step.Round) return;
        if (s === Step.Answer) {
          if (f!.kind !== K.MapReply && f!.kind !== K.Map) return;
          const side = p.tried[p.tried.length - 1];
          const more = f!.payload.charAt(f!.payload.length - 1) === "+";
          const entries = (more ? f!.payload.substr(0, f!.payload.length - 1) : f!.payload).split(";");
          let last = 0;
          for (let i = 0; i < entries.length; i++) {
            const e = entries[i].split(":");
            // Entries with this SMC's own ID are kept: a neighbour in conflict
            // (a ring's walk comes back before it would add the head).
            if (e.length !== 3) continue;
            last = +e[0];
            p.reply.line("MAP " + e[0] + " " + side.name + " " + ++p.n + " A:" + e[1] + " B:" + e[2]);
          }
          if (more && last) {
            // The frame filled up: walk on from the last SMC it reached.
            to = side;
            out = { kind: K.Map, seq: 0, hops: 0, call: this.headCall, src: me, dst: last, req: p.req, payload: "" };
            break;
          }
          // Around a ring every SMC was seen from this side: the other adds nothing.
          if (f!.kind === K.Map) p.tried = links.slice();
          p.n = 0;
        } else if (s === Step.Timeout) p.reply.line("MAP - " + p.tried[p.tried.length - 1].name + " no answer");
        else if (s === Step.Failed) p.reply.line("MAP - " + link!.name + " down");
        for (let i = 0; i < links.length && !to; i++) {
          const l = links[i];
          if (p.tried.indexOf(l) >= 0) continue;
          p.tried.push(l);
          if (l.usable()) to = l;
          else if (l.state !== LinkState.Silent) p.reply.line("MAP - " + l.name + " down");
        }
        if (!to) {
          this.finish();
          return p.reply.ok();
        }
        out = { kind: K.Map, seq: 0, hops: 0, call: this.headCall, src: me, dst: 0, req: p.req, payload: "" };
      }
    }
    if (p.timer) clock.cancel(p.timer);
    p.timer = clock.after(this.ht, wait);
    if (to) to.send(out!);
  }
}
