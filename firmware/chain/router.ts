// The chain and the ring (seed embodiments 1, 2 and 4): an AUTH that is not
// this SMC's own travels on until the SMC whose credentials match sets its
// permission flag and answers with its ID code; each SMC that relays the
// approval back sets its connection flag, remembering the link that leads
// to that ID. Requests then name a target ID and follow those flags. In a
// ring, a search that meets a dead link comes back and is sent the other way.
import { Role } from "../auth";
import { Clock } from "../hal";
import { Err, errLine, K, LINE_SEP, LinkFrame, MAX_PAYLOAD, Reply } from "../protocol";
import { Link, LinkState } from "./link";

/** Hops after which a frame is answered instead of forwarded: no frame circles forever. */
export const MAX_HOPS = 64;

/** The permission flag on this SMC, as far as the router sets, checks and clears it. */
export interface PermissionFlag {
  /** Sets the flag for `call` (this SMC's credentials matched). */
  grant(call: number, role: Role): void;
  /** Whether the flag is set for `call`. */
  permits(call: number): boolean;
  /** Clears the flag. */
  end(why: string): void;
}

/** What the router needs from the rest of the SMC. */
export interface Local {
  id: number;
  session: PermissionFlag;
  clock: Clock;
  /** Which of this SMC's accounts `user`/`password` open (0: none). */
  creds(user: string, password: string): Role;
  /** The head's AUTH policy: told how each search ended (approved by `outcome`, an ID, over link `via`, or a Searched code); it answers `reply`. */
  auth: { searched(reply: Reply, outcome: number, via: string): void };
  /** Runs a command line on this SMC with its permission already checked. */
  run(line: string, reply: Reply): void;
  log(code: string, text: string): void;
  /** The console's call has been idle for idleMs: end it (and the phone call). */
  idle(): void;
  /** Longest wait for an answer from another SMC. */
  requestMs: number;
  idleMs: number;
  /**
   * How long an SMC other than the head keeps a call's flags once nothing
   * of the call is heard (the head's heartbeats carry its call number):
   * the links' down time, so a flag outlives its call by seconds, not minutes.
   */
  keepMs: number;
}

/** How a search that no SMC approved ended (an approval reports the approving ID, > 0). */
export const enum Searched {
  /** Every SMC was asked and said no. */
  NoOne = 0,
  /** Some SMC could not be asked (a link down, no answer). */
  NotAll = -1,
}

const enum Op {
  Search,
  Request,
  Map,
}

/** The head's one outstanding chain operation (the console runs one command at a time). */
interface Pending {
  op: Op;
  req: number;
  reply: Reply;
  timer: number;
  /** Search: links tried so far; whether any of them was down. */
  tried: Link[];
  sawDown: boolean;
  user: string;
  password: string;
  /** Map: lines gathered so far. */
  lines: string[];
  /** Request: the target and line, times asked, reply parts shown, parts of a repeated answer to skip. */
  dst: number;
  line: string;
  asks: number;
  got: number;
  skip: number;
}

/** A link's state for MAP; "conflict": the neighbour has this SMC's own ID. */
function stateWord(l: Link | undefined, me: number): string {
  return !l ? "none" : l.state === LinkState.Up ? (l.peer === me ? "conflict" : "up") : l.state === LinkState.Down ? "down" : "silent";
}


export class Router {
  /** The call whose connection flags this SMC holds (0: none). */
  call = 0;
  /** Connection flags: ID code -> the link that leads to it. */
  private routes: { [id: number]: Link } = {};
  /** Toward the head of `call`, and of the last map walk. */
  private up: Link | undefined;
  private mapUp: Link | undefined;
  private expiry = 0;
  /** The last request executed here (number and line), its reply frames, whether it finished: for retries. */
  private lastReq = -1;
  private lastLine = "";
  private lastReply: string[] = [];
  private lastDone = false;

  /** Head side: the call this SMC's console holds, and its default target. */
  headCall = 0;
  current = 0;
  /** Request numbers run on across calls (32 bits): an answer of an earlier call never matches. */
  private reqNo = 0;
  private pending: Pending | undefined;
  /** The last call this SMC ended as head (its End frame coming back round a ring stops here). */
  private endedCall = 0;
  /** True while endCall answers the operation it cut short: nothing may start a call then. */
  ending = false;

  constructor(private me: Local, readonly links: Link[]) {}

  other(link: Link): Link | undefined {
    return this.links[0] === link ? this.links[1] : this.links[0];
  }

  // ---- head side: what the console asks for ----

  /** Starts a call if none is held; returns its number. */
  ensureCall(): number {
    if (!this.headCall) {
      // 32 random bits, never 0 nor the call just ended: a call is not
      // found by trying numbers (docs/protocol.md, "Security notes").
      let c = 0;
      while (!c || c === this.endedCall) c = 1 + Math.floor(Math.random() * 0xfffffffe);
      this.headCall = c;
      this.join(c, undefined);
    }
    return this.headCall;
  }

  /** Searches the chain for the SMC holding `user`/`password`; the outcome goes to Local.auth.searched. */
  find(user: string, password: string, reply: Reply): void {
    this.ensureCall();
    this.pending = this.op(Op.Search, reply);
    this.pending.user = user;
    this.pending.password = password;
    this.searchNext();
  }

  private op(op: Op, reply: Reply): Pending {
    this.reqNo = this.reqNo >= 0xfffffffe ? 1 : this.reqNo + 1;
    return { op: op, req: this.reqNo, reply: reply, timer: 0, tried: [], sawDown: false, user: "", password: "", lines: [], dst: 0, line: "", asks: 0, got: 0, skip: 0 };
  }

  private searchNext(): void {
    const p = this.pending!;
    let link: Link | undefined;
    for (let i = 0; i < this.links.length; i++) {
      const l = this.links[i];
      if (p.tried.indexOf(l) >= 0) continue;
      if (l.usable()) {
        link = l;
        break;
      }
      if (l.state === LinkState.Down) p.sawDown = true;
    }
    if (!link) return this.searchDone();
    p.tried.push(link);
    this.arm(p, this.me.requestMs);
    link.send(this.frame(K.Search, 0, p.req, p.user + " " + p.password, this.headCall));
  }

  /** No SMC approved: every SMC said no, or some could not be asked. */
  private searchDone(): void {
    const p = this.finish()!;
    this.me.auth.searched(p.reply, p.sawDown ? Searched.NotAll : Searched.NoOne, "");
  }

  request(target: number, line: string, reply: Reply): void {
    if (!this.headCall || !this.routes[target]) return reply.err(Err.NotAuthenticated);
    const p = this.op(Op.Request, reply);
    p.dst = target;
    p.line = line;
    this.pending = p;
    this.ask(p);
  }

  /** Sends the pending request; a second time with the same req, the target answers from its retry cache. */
  private ask(p: Pending): void {
    p.asks++;
    p.skip = p.got;
    p.sawDown = false;
    this.arm(p, this.me.requestMs);
    const link = this.routes[p.dst];
    if (link) link.send(this.frame(K.Request, p.dst, p.req, p.line, this.headCall));
  }

  /**
   * No answer came (time-out, a link gave up, E 10 on the way): the command
   * may have run and only its reply been lost. Ask once more, after a link's
   * time to come back up; only then ERR 10.
   */
  private lost(p: Pending): void {
    if (p.asks >= 2) {
      this.finish();
      return p.reply.err(Err.Unreachable);
    }
    // sawDown marks "waiting to ask again" for a request.
    p.sawDown = true;
    this.arm(p, this.me.keepMs);
  }

  /** MAP: this SMC, then each side of the chain in order, walked by a map frame. */
  map(reply: Reply): void {
    const l = this.links;
    const me = this.me.id;
    reply.line("MAP " + me + " self 0 A:" + stateWord(l[0], me) + " B:" + stateWord(l[1], me));
    this.pending = this.op(Op.Map, reply);
    this.mapNext();
  }

  private mapNext(): void {
    const p = this.pending!;
    for (let i = 0; i < this.links.length; i++) {
      const link = this.links[i];
      if (p.tried.indexOf(link) >= 0) continue;
      p.tried.push(link);
      if (!link.usable()) {
        if (link.state !== LinkState.Silent) p.reply.line("MAP - " + link.name + " down");
        continue;
      }
      this.arm(p, this.me.requestMs);
      return link.send(this.frame(K.Map, 0, p.req, "", this.headCall));
    }
    this.finish()!.reply.ok();
  }

  /** Adds a map walk's entries; returns the last ID when the walk stopped for room and goes on. */
  private mapLines(p: Pending, side: string, payload: string): number {
    const more = payload.charAt(payload.length - 1) === "+";
    const entries = (more ? payload.substr(0, payload.length - 1) : payload).split(";");
    let last = 0;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i].split(":");
      // Entries with this SMC's own ID are kept: a neighbour in conflict (a
      // ring's walk comes back before it would add the head).
      if (e.length !== 3) continue;
      last = +e[0];
      p.lines.push(e[0]);
      p.reply.line("MAP " + e[0] + " " + side + " " + p.lines.length + " A:" + e[1] + " B:" + e[2]);
    }
    return more ? last : 0;
  }

  /** Ends the console's call: every flag it set, here and along the chain. */
  endCall(why: string): void {
    const call = this.headCall;
    if (!call) return;
    for (let i = 0; i < this.links.length; i++) {
      if (this.links[i].usable()) this.links[i].send(this.frame(K.End, 0, 0, why, call));
    }
    // Everything of the call goes first; then the operation it cut short is
    // answered, and whatever that answer starts finds no call to join.
    this.endedCall = call;
    this.headCall = 0;
    this.current = 0;
    const p = this.finish();
    this.clear(why);
    if (!p) return;
    this.ending = true;
    p.reply.err(Err.Unreachable);
    this.ending = false;
  }

  private arm(p: Pending, ms: number): void {
    if (p.timer) this.me.clock.cancel(p.timer);
    p.timer = this.me.clock.after(() => {
      p.timer = 0;
      this.timedOut(p);
    }, ms);
  }

  private timedOut(p: Pending): void {
    if (this.pending !== p) return;
    if (p.op === Op.Search) {
      p.sawDown = true;
      return this.searchNext();
    }
    if (p.op === Op.Map) {
      p.reply.line("MAP - " + p.tried[p.tried.length - 1].name + " no answer");
      return this.mapNext();
    }
    if (p.sawDown) return this.ask(p);
    this.lost(p);
  }

  private finish(): Pending | undefined {
    const p = this.pending;
    this.pending = undefined;
    if (p && p.timer) this.me.clock.cancel(p.timer);
    return p;
  }

  /** An answer that reached the head for its pending operation. */
  private answered(link: Link, f: LinkFrame): void {
    const p = this.pending!;
    if (p.op === Op.Search) {
      if (f.kind === K.Approval) {
        this.finish();
        this.routes[f.src] = link;
        this.current = f.src;
        return this.me.auth.searched(p.reply, f.src, link.name);
      }
      if (f.kind === K.Error) {
        if (f.payload.charAt(0) !== "7") p.sawDown = true;
        return this.searchNext();
      }
      return;
    }
    if (p.op === Op.Map) {
      if (f.kind === K.MapReply || f.kind === K.Map) {
        const side = p.tried[p.tried.length - 1];
        const from = this.mapLines(p, side.name, f.payload);
        if (from) {
          // The frame filled up: walk on from the last SMC it reached.
          this.arm(p, this.me.requestMs);
          return side.send(this.frame(K.Map, from, p.req, "", this.headCall));
        }
        // Around a ring every SMC was seen from this side: the other adds nothing.
        if (f.kind === K.Map) p.tried = this.links.slice();
        p.lines = [];
        this.mapNext();
      }
      return;
    }
    // Waiting to ask again: an answer now is still the answer.
    p.sawDown = false;
    const lines = f.payload.split(LINE_SEP);
    if (f.kind === K.ReplyPart) {
      // Parts shown before the request was asked again come again: skip them.
      if (p.skip) p.skip--;
      else {
        p.got++;
        for (let i = 0; i < lines.length; i++) p.reply.line(lines[i]);
      }
      return this.arm(p, this.me.requestMs);
    }
    const code = f.kind === K.Error ? parseInt(f.payload, 10) || Err.Unreachable : 0;
    if (code === Err.Unreachable) return this.lost(p);
    this.finish();
    if (code) return p.reply.err(code);
    if (f.kind !== K.Reply) return p.reply.err(Err.Unreachable);
    for (let i = 0; i < lines.length - 1; i++) p.reply.line(lines[i]);
    const final = lines[lines.length - 1];
    if (final === "OK") return p.reply.ok();
    p.reply.err(parseInt(final.substr(4), 10) || Err.Unreachable);
  }

  // ---- every SMC: frames from the links ----

  onFrame(link: Link, f: LinkFrame): void {
    const k = f.kind;
    if (k === K.Heartbeat) {
      // The call goes on toward its head: a flag held here lives while it does.
      if (f.call === this.call && link === this.up && this.call !== this.headCall) this.keep();
      return;
    }
    // This SMC's own operation: an answer to it, or its search or map walk
    // back round the ring (everyone was asked). A neighbour with the same
    // ID (a defaulted SMC) sends frames of other calls: those are handled
    // and forwarded like anyone's.
    const p = this.pending;
    const own = !!p && f.req === p.req && f.call === this.headCall && (f.src === this.me.id || f.dst === this.me.id);
    if (k === K.Search) return own ? this.aroundRing() : this.search(link, f);
    if (k === K.Map) return own ? this.answered(link, f) : this.mapWalk(link, f);
    if (k === K.Request) return this.requested(link, f);
    if (k === K.End) return this.ended(link, f);
    if (own) return this.answered(link, f);
    // Answers: one step further toward the head, for the call this SMC is in.
    if (k !== K.MapReply && k !== K.Error && f.call !== this.call) return;
    if (k === K.Approval) this.routes[f.src] = link;
    const toward = k === K.MapReply ? this.mapUp : this.up;
    if (toward && toward !== link) toward.send(this.hop(f));
  }

  private aroundRing(): void {
    const p = this.pending!;
    if (p.op !== Op.Search) return;
    p.tried = this.links.slice();
    this.searchNext();
  }

  /** A frame that cannot go further: the answer goes back the way it came. */
  private back(link: Link, f: LinkFrame, kind: string, payload: string): void {
    link.send({ kind: kind, seq: 0, hops: 0, call: f.call, src: this.me.id, dst: f.src, req: f.req, payload: payload });
  }

  /** Forwards `f` away from `from`; false when there is nowhere to go. */
  private onward(from: Link, f: LinkFrame): boolean {
    const next = this.other(from);
    if (!next || !next.usable() || f.hops >= MAX_HOPS) return false;
    next.send(this.hop(f));
    return true;
  }

  private endOfLine(from: Link, f: LinkFrame): string {
    const next = this.other(from);
    if (f.hops >= MAX_HOPS) return Err.AuthFailed + " hop limit";
    return next && next.state === LinkState.Down ? Err.Unreachable + " link " + next.name + " down" : Err.AuthFailed + " end of chain";
  }

  private search(link: Link, f: LinkFrame): void {
    // A call this SMC holds is not given up for another call's search from
    // anywhere but toward its head (a forger's on another cable, or a head
    // of its own): a call that is over expires here within keepMs anyway.
    if (this.call && f.call !== this.call && (link !== this.up || this.call === this.headCall)) return this.back(link, f, K.Error, Err.Unreachable + " busy");
    this.join(f.call, link);
    const sp = f.payload.indexOf(" ");
    const role = this.me.creds(f.payload.substr(0, sp), f.payload.substr(sp + 1));
    if (role) {
      this.me.session.grant(f.call, role);
      this.me.log("AUTH", "granted to a console via " + link.name);
      return this.back(link, f, K.Approval, "");
    }
    if (!this.onward(link, f)) this.back(link, f, K.Error, this.endOfLine(link, f));
  }

  private requested(link: Link, f: LinkFrame): void {
    // Only a search starts a call here: a request of another call (a stale
    // or stray frame) is refused and must not disturb the current one.
    if (!f.call || f.call !== this.call) return this.back(link, f, K.Error, errLine(Err.NotAuthenticated).substr(4));
    this.join(f.call, link);
    if (f.dst !== this.me.id) {
      const via = this.routes[f.dst];
      if (via && via !== link && via.usable() && f.hops < MAX_HOPS) return via.send(this.hop(f));
      return this.back(link, f, K.Error, errLine(Err.Unreachable).substr(4));
    }
    if (!this.me.session.permits(f.call)) return this.back(link, f, K.Error, errLine(Err.NotAuthenticated).substr(4));
    if (f.req === this.lastReq && f.payload === this.lastLine) {
      // A retry of what already ran here: answer again, never run it twice
      // (and while it still runs, its answer is on the way).
      const r = this.lastReply;
      if (this.lastDone) for (let i = 0; i < r.length; i++) this.back(link, f, i < r.length - 1 ? K.ReplyPart : K.Reply, r[i]);
      return;
    }
    this.lastReq = f.req;
    this.lastLine = f.payload;
    this.lastReply = [];
    this.lastDone = false;
    let part = "";
    let done = false;
    const out = (kind: string, payload: string) => {
      this.lastReply.push(payload);
      this.back(link, f, kind, payload);
    };
    const add = (text: string, final: boolean) => {
      if (done) return;
      if (part && part.length + text.length + 1 > MAX_PAYLOAD) {
        out(K.ReplyPart, part);
        part = "";
      }
      part = part ? part + LINE_SEP + text : text;
      if (final) {
        done = true;
        this.lastDone = true;
        out(K.Reply, part);
      }
    };
    this.me.run(f.payload, {
      line: (t) => add(t, false),
      ok: () => add("OK", true),
      err: (c) => add(errLine(c), true),
    });
  }

  /**
   * A map walk: each SMC adds "id:linkA:linkB;" and passes it on; the end
   * sends it back. A full frame goes back marked "+", and the head sends a
   * new walk addressed to the last SMC reached, which starts it afresh.
   */
  private mapWalk(link: Link, f: LinkFrame): void {
    this.mapUp = link;
    const g: LinkFrame = this.hop(f);
    if (f.dst) {
      if (f.dst === this.me.id) g.dst = 0;
      if (!this.onward(link, g)) this.back(link, f, K.MapReply, "");
      return;
    }
    const l = this.links;
    const me = this.me.id;
    const entry = me + ":" + stateWord(l[0], me) + ":" + stateWord(l[1], me) + ";";
    if (f.payload.length + entry.length + 1 > MAX_PAYLOAD) return this.back(link, f, K.MapReply, f.payload + "+");
    g.payload = f.payload + entry;
    if (!this.onward(link, g)) this.back(link, f, K.MapReply, g.payload);
  }

  private ended(link: Link, f: LinkFrame): void {
    // Its own End back round a ring stops; a same-ID neighbour's goes on.
    if (f.src === this.me.id && f.call === this.endedCall) return;
    if (f.call === this.call) this.clear("call ended");
    this.onward(link, f);
  }

  /** The link gave up on `f`: tell whoever waits for its answer. */
  onFailed(link: Link, f: LinkFrame): void {
    const k = f.kind;
    if (k !== K.Search && k !== K.Request && k !== K.Map) return;
    const p = this.pending;
    if (p && f.src === this.me.id && p.req === f.req && f.call === this.headCall) {
      if (p.op === Op.Search) {
        p.sawDown = true;
        return this.searchNext();
      }
      if (p.op === Op.Map) {
        p.reply.line("MAP - " + link.name + " down");
        return this.mapNext();
      }
      return this.lost(p);
    }
    const toward = k === K.Map ? this.mapUp : this.up;
    if (toward && toward.usable()) {
      toward.send({ kind: K.Error, seq: 0, hops: 0, call: f.call, src: this.me.id, dst: f.src, req: f.req, payload: Err.Unreachable + " link " + link.name + " down" });
    }
  }

  // ---- flags ----

  /** Takes part in `call`: the head is behind `link`; flags expire without traffic. */
  private join(call: number, link: Link | undefined): void {
    if (call !== this.call) {
      if (this.call) this.clear("new call");
      this.call = call;
      // The call this SMC's heartbeats carry.
      for (let i = 0; i < this.links.length; i++) this.links[i].call = call;
    }
    if (link) this.up = link;
    this.keep();
  }

  /**
   * Restarts the flags' expiry. The head ends an idle call. Any other SMC
   * cut off from the call (a broken link, a lost End, a cable unplugged by
   * someone) clears its own flags once neither a frame of the call nor the
   * heartbeat of its neighbour toward the head has carried the call for keepMs.
   */
  private keep(): void {
    if (this.expiry) this.me.clock.cancel(this.expiry);
    const head = !!this.headCall && this.headCall === this.call;
    this.expiry = this.me.clock.after(
      () => {
        this.expiry = 0;
        if (head) return this.me.idle();
        this.clear("call silent");
      },
      head ? this.me.idleMs : this.me.keepMs,
    );
  }


  /** Clears every flag of the current call on this SMC. */
  clear(why: string): void {
    if (this.expiry) this.me.clock.cancel(this.expiry);
    this.expiry = 0;
    const had = this.call;
    this.call = 0;
    for (let i = 0; i < this.links.length; i++) this.links[i].call = 0;
    this.routes = {};
    this.up = undefined;
    this.lastReq = -1;
    this.lastLine = "";
    this.lastReply = [];
    this.lastDone = false;
    this.me.session.end(why);
    if (had && !this.headCall) this.me.log("CALL", "flags cleared: " + why);
  }

  /** Restarts the head's idle time-out: called on every console command. */
  touch(): void {
    if (this.headCall) this.join(this.headCall, undefined);
  }

  private frame(kind: string, dst: number, req: number, payload: string, call: number): LinkFrame {
    return { kind: kind, seq: 0, hops: 0, call: call, src: this.me.id, dst: dst, req: req, payload: payload };
  }

  private hop(f: LinkFrame): LinkFrame {
    return { kind: f.kind, seq: 0, hops: f.hops + 1, call: f.call, src: f.src, dst: f.dst, req: f.req, payload: f.payload };
  }
}
