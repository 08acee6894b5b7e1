// One inter-SMC link (UART2 or UART3): frames in and out, acknowledged and
// retried a bounded number of times, duplicates dropped, heartbeats that
// tell whether a neighbour is there. Routing is not done here: what a link
// hears, and what it gives up on, goes to its router's `on`.
//
// Espruino runs a function by reading its code from the start to the end,
// the parts it skips included (a `return` reads on to the closing brace:
// docs/bench.md, "Relay against native forwarding"), so the frame path is
// in functions that hold only it, and the rest in one dispatcher (few
// function objects: each costs ~8 variables on a board):
//   cb     the UART's chunks and the retry timer: a chunk that ends no
//          frame is kept here; one that does goes to take
//   take   cut the bytes into lines; a frame is decoded; heartbeat and ack
//          handled here, a new data frame acknowledged and handed to the router
//   send   queue a frame; send the first queued one, arm its retry timer
//   on     the dispatcher:
//     Heard  a frame from a neighbour not up, or from a new neighbour ID:
//            state Up, the change reported
//     Tick   every t.heartbeatMs (the router's timer): send a heartbeat;
//            Up and silent for t.linkDownMs -> Down
//     Retry  no ack in time: send again, each wait twice the last; after
//            Lk.MaxTries sends and t.linkDownMs since the first -> Down
//     Down   state Down; every queued frame is reported Failed
// States (LinkState): Silent --frame heard--> Up --silence/retries--> Down
//   --frame heard--> Up. A link the configuration says is cabled
//   (config.cabled) starts Down: a neighbour not heard since boot is a dead
//   one, not the chain's end (a search past it answers ERR 10, not ERR 7).
// Cut-through (docs/protocol.md, "Cut-through"): while the router's `xc` is
// set (this SMC relays a call between a head and an SMC it approved), a line of a through
// frame (kind in lower case) of that call is written to the other link as
// it came (a line starting "#", a lower-case kind, 4 characters and the
// call's hex, at least Lk.MinLine long), in cb or take, with no decoding, no
// CRC check, no acknowledgement and no router: the head and the target
// check such frames (CRC and all) and acknowledge them to each other (`k`).
// A damaged line this SMC reads itself, the link going down or the call's
// flags clearing ends it.
import { Uart } from "../hal";
import { decodeFrame, encodeFrame, Fr, hex, K, LinkFrame } from "../protocol";
import type { Router } from "./router";
import { Sp, splice, Sx } from "./splice";
import { LinkEv } from "./types";

// Constants as a const enum: inlined where used, no variable on a board.
const enum Lk {
  /** Longest run of bytes without a frame end kept; more is line noise. */
  MaxRx = Fr.MaxPayload + Fr.Overhead + 8,
  /** The shortest frame (no payload), without its line end: shorter lines are noise, never decoded. */
  MinLine = Fr.Overhead - 1,
  /** Frames waiting to be sent; one console request needs at most a few. */
  MaxQueue = 8,
  /** Sends of one frame at least before the link is declared down (and t.linkDownMs since the first). */
  MaxTries = 4,
  /** Added to a frame's round trip before a retry: the neighbour's processing time. */
  AckMarginMs = 60,
}

export const enum LinkState {
  /** No neighbour heard since boot. */
  Silent,
  Up,
  /** A neighbour was heard, then nothing for t.linkDownMs or a frame went unacknowledged. */
  Down,
}

/** The events `Link.on` handles (see the header). */
export const enum LinkDo {
  Heard,
  Tick,
  Retry,
  Down,
}

/**
 * The one word for a link's state, wherever it is shown (STATUS, MAP, DIAG):
 * "none" (no such link), "silent", "up", "down", or "conflict" (up, and the
 * neighbour has this SMC's own ID `me`).
 */
export function linkWord(l: Link | undefined, me: number): string {
  return !l ? "none" : l.state === LinkState.Up ? (l.peer === me ? "conflict" : "up") : l.state === LinkState.Down ? "down" : "silent";
}

export class Link {
  state = LinkState.Silent;
  /** The neighbour's ID code, from its heartbeats. */
  peer = 0;
  /** Counters for STATUS/DIAG: damaged frames, frames given up, rx overflows. */
  bad = 0;
  lost = 0;
  overflows = 0;
  /** Searches dropped that came back round a ring to this link (flags.ts). */
  circled = 0;
  /** The last through frame delivered here: its sender's ID * 256 + its seq (other senders' numbering than lastRxSeq's). */
  xs = -1;
  /** The seq of the last through frame sent. */
  private xq = 0;
  /** Bytes of a line not ended yet (splice.ts passes them on). */
  rx = "";
  queue: LinkFrame[] = [];
  private tries = 0;
  /** When the frame at the queue's head was first sent. */
  private since = 0;
  timer = 0;
  private seq = 0;
  private lastRxSeq = -1;
  lastHeard = 0;
  /** The neighbour on this link is spliced (splice.ts): when it said so (its S); 0: not. */
  sp = 0;
  /** This SMC was spliced: the first line read here is passed on unread (splice.ts); 0: done. */
  d = 0;
  /** The other link (splice.ts). */
  ol: Link | undefined;
  /**
   * The one function given to the UART (bytes) and to the retry timer (no
   * bytes: Espruino's timers pass undefined, the virtual clock nothing).
   */
  private cb: (bytes?: string) => void;
  /** The other link's UART (cut-through's way on). */
  o!: Uart;

  constructor(
    readonly name: string,
    readonly uart: Uart,
    private r: Router,
  ) {
    // Most chunks end no frame (the UART hands over what came since the
    // last turn of the idle loop: on the Linux build at most 32 bytes a
    // ms, ~11 at 115,200 baud): such a chunk is only kept, with the fewest
    // statements (each costs microseconds on Espruino). The same as take
    // would do with it. In cut-through a chunk whose first line is one of
    // the call's through frames (see the header) has that line written on to
    // the other link here, its CRC unread (the end that reads it checks it
    // and counts it when damaged: the CRC here cost ~0.03 ms a frame,
    // docs/bench.md); anything else goes to take. Espruino lexes the
    // whole function on every call, from flash on a board: the line's end
    // is found once, the call (the most telling bytes) is compared first
    // and the other link's UART is held (`o`): 87 -> 70 us a line of two
    // chunks on espruino-pico (docs/bench.md, "Round 5").
    this.cb = (bytes) => {
      let e, s;
      if (bytes === undefined) return this.on(LinkDo.Retry);
      if ((e = bytes.indexOf("\n")) < 0 && this.rx.length + bytes.length <= Lk.MaxRx) {
        this.rx += bytes;
        return;
      }
      // The cheapest test first: the call at bytes 6 to 13 (a 32-bit
      // random number) is what few lines that are not the call's have.
      if (r.xc && e >= 0 && !this.d && (e += this.rx.length) >= Lk.MinLine && (s = this.rx + bytes).substr(6, 8) === r.xc && s.charCodeAt(1) > 96 && s.charCodeAt(0) === 35) {
        this.rx = "";
        this.o.write(++e < s.length ? s.substr(0, e) : s);
        if (!r.sx) splice(r, Sp.Pass);
        // What follows the line (an acknowledgement is often followed at
        // once by its sender's answer) is a chunk of its own.
        if (e < s.length) this.cb(s.substr(e));
        return;
      }
      this.take(bytes);
    };
    // The other link's UART, where a through line goes (set on both links
    // when the second is made; with one link nothing cuts through).
    const p = r.links[0];
    if (p) {
      this.o = p.uart;
      p.o = uart;
      this.ol = p;
      p.ol = this;
    }
    if (r.port.config.cabled && r.port.config.cabled.indexOf(name) >= 0) this.state = LinkState.Down;
    uart.setup(r.port.config.linkBaud);
    uart.onData(this.cb);
    this.on(LinkDo.Tick);
  }

  usable(): boolean {
    return this.state === LinkState.Up;
  }

  /**
   * Queues a data frame `f`; it is reported Failed at once when the link is
   * not up. `hop` 1: `f` is another SMC's frame forwarded as it came, one
   * hop further (the link numbers what it sends). Then, with no frame
   * waiting for its ack (no retry timer), sends the first queued frame and
   * arms its retry timer: so `send()` alone (the ack came, the timer fired)
   * sends the next one or the same again. Here, not in the dispatcher: it
   * is on every frame's path.
   */
  send(f?: LinkFrame, hop?: number): void {
    if (f) {
      if (hop) f.hops++;
      if (this.state !== LinkState.Up || this.queue.length >= Lk.MaxQueue) {
        this.lost++;
        return this.r.on(LinkEv.Failed, this, f);
      }
      // Through frames are numbered apart: the neighbour sees every frame
      // numbered in `seq` (else 255 through frames between two of its
      // frames would make the second look like a repeat of the first).
      if (f.kind > "Z") f.seq = this.xq = this.xq >= 255 ? 1 : this.xq + 1;
      else f.seq = this.seq = this.seq >= 255 ? 1 : this.seq + 1;
      this.queue.push(f);
    }
    const h = this.queue[0];
    if (this.timer || !h) return;
    // A frame of this SMC's own ends a splice here (splice.ts); one read
    // hop by hop waits while a neighbour is spliced, or until the first
    // line each way after a splice here has passed.
    if (h.kind < "a") {
      if (this.r.sx) splice(this.r, Sp.Own);
      if (this.sp || this.d || (this.ol && this.ol.d)) return;
    }
    this.uart.write(encodeFrame(h, this.r.port.crc));
    // Frame out, ack back, both at this link's baud rate, plus processing;
    // a through frame's (lower case) over its hops + 1 links; a through
    // request's ack may be its answer, a frame up to Fr.MaxPayload longer.
    // A frame to the neighbour is sent again after twice the wait each
    // time (up to 16 times the first), a through frame after the same wait.
    const n = h.kind > "Z" ? h.hops + 1 : 1;
    if (!this.tries) this.since = this.r.port.clock.now();
    this.timer = this.r.port.clock.after(
      this.cb,
      (Math.ceil(((h.payload.length + 2 * Fr.Overhead + (h.kind === "q" ? Fr.MaxPayload : 0)) * 10000 * n) / this.r.port.config.linkBaud) + Lk.AckMarginMs * n) *
        (h.kind > "Z" ? 1 : 1 << (this.tries < 4 ? this.tries : 4)),
    );
  }

  /**
   * Sends a frame from this SMC back to the sender of `f` (which came over
   * this link): as a through frame (`kind` in lower case, over as many hops)
   * when `f` came as one.
   */
  back(f: LinkFrame, kind: string, payload: string): void {
    this.send({ kind: f.x ? kind.toLowerCase() : kind, seq: 0, hops: f.x ? f.hops : 0, call: f.call, src: this.r.port.config.id, dst: f.src, req: f.req, payload: payload });
  }

  /**
   * Bytes from the UART (`s`, a chunk that ends at least one line or
   * overflows the buffer): each whole line is handled as a frame.
   */
  take(s: string): void {
    // Work per chunk is bounded by the chunk's length: a chunk of n bytes
    // can end at most n / Lk.MinLine + 1 frames, so the line ends past that
    // many are a flood and the rest of the chunk is dropped unread; lines
    // too short to be a frame are counted, not decoded; the buffer is cut
    // once per chunk, not once per line. A flood costs its sender the
    // bytes, not this SMC the time it owes its other link.
    const port = this.r.port;
    const rx = this.rx + s;
    let at = 0;
    // The first line since this SMC was spliced is passed on unread (its
    // start may have gone natively). Once the first line each way has
    // passed, this SMC's own heartbeats and frames go again, the
    // heartbeats first: they release the ends (splice.ts). Not before: an
    // end released while the line from it is still passed unread could
    // send a frame for this SMC, which would go on unread.
    if (this.d && (at = rx.indexOf("\n") + 1)) {
      this.o.write(rx.substr(0, at));
      this.d = 0;
      const ol = this.ol!;
      if (!ol.d) {
        this.on(LinkDo.Tick);
        ol.on(LinkDo.Tick);
        this.send();
        ol.send();
      }
    }
    let budget = ((s.length / Lk.MinLine) | 0) + 2;
    for (;;) {
      const end = rx.indexOf("\n", at);
      if (end < 0) break;
      if (--budget < 0) {
        this.bad++;
        at = rx.lastIndexOf("\n") + 1;
        break;
      }
      // Noise before a frame's "#" is skipped; what remains must be whole.
      const len = end - at;
      const start = len < Lk.MinLine ? -1 : rx.indexOf("#", at);
      const line = start < 0 || start > end ? "" : rx.substr(start, end - start);
      // In cut-through a line of the call's through frames is passed on
      // unread, as in cb (the end it is for checks its CRC).
      if (this.r.xc && start === at && line.charCodeAt(1) > 96 && line.substr(6, 8) === this.r.xc) {
        this.o.write(line + "\n");
        at = end + 1;
        if (!this.r.sx) splice(this.r, Sp.Pass);
        continue;
      }
      const f = line ? decodeFrame(line, port.crc) : undefined;
      at = end + 1;
      if (!f) {
        if (len) {
          this.bad++;
          // Garbage ends cut-through: what follows is read frame by frame.
          this.r.xc = "";
        }
        continue;
      }
      this.lastHeard = this.r.port.clock.now();
      // The splice's own frames (splice.ts), and while the neighbour is
      // spliced: its heartbeat ends it, through frames and the far end's
      // heartbeats come as always, anything else is damaged (no end sends it then).
      if (f.kind === "S" || f.kind === "Y") {
        splice(this.r, f.kind === "S" ? Sp.Offer : Sp.Yes, this, f);
        if (this.r.sx === Sx.Spliced) {
          this.o.write(rx.substr(at));
          this.rx = "";
          return;
        }
        continue;
      }
      if (this.sp) {
        // The far end's heartbeat, through the splice: its call and clock
        // only (the SMC between is the neighbour, its seqs are the ones kept).
        if (f.kind === K.Heartbeat && f.src !== this.peer) {
          if (f.call || f.dst) this.r.on(LinkEv.Frame, this, f);
          continue;
        }
        if (f.kind === K.Heartbeat) {
          this.sp = 0;
          this.send();
        } else if (f.kind < "a") {
          this.bad++;
          continue;
        }
      }
      if (this.state !== LinkState.Up || ((f.kind === K.Heartbeat || f.kind === K.Ack) && f.src !== this.peer)) this.on(LinkDo.Heard, f);
      if (f.kind === K.Heartbeat) {
        // seq 0: the neighbour has sent no data frame since it booted. One
        // that rebooted faster than t.linkDownMs (the link never went down
        // here) numbers from 1 again: its next frame is new, whatever the
        // last one heard from it before was numbered.
        if (!f.seq) this.lastRxSeq = -1;
        // One carrying a call keeps that call's flags alive downstream; one
        // carrying the wall clock (dst: its generation) may set it here.
        if (f.call || f.dst) this.r.on(LinkEv.Frame, this, f);
        continue;
      }
      const me = port.config.id;
      // The frame in flight here is acknowledged by K from the neighbour, by
      // k for a through frame, and a through request (q) also by an answer
      // to it (r, c, e; R, C, E when an SMC between stopped cutting through)
      // from the SMC it is for: the implicit acknowledgement
      // (docs/protocol.md, "Cut-through").
      const h = this.queue[0];
      const k = f.kind === K.Ack || f.kind === "k";
      if (h && (k ? h.seq === f.seq && (f.kind === "k" ? f.dst === me && h.kind > "Z" : h.kind < "a") : h.kind === "q" && f.req === h.req && f.src === h.dst && f.call === h.call && f.dst === me && "rceRCE".indexOf(f.kind) >= 0)) {
        port.clock.cancel(this.timer);
        this.timer = 0;
        this.tries = 0;
        this.queue.shift();
        this.send();
      }
      // A stray k (not for this SMC) is dropped.
      if (k) continue;
      if (f.kind > "Z") {
        // A through frame: passed on in cut-through (it came in a chunk
        // with more lines); else acknowledged to its sender (k: kind, seq,
        // call, src, dst), delivered once as its upper-case kind: for this
        // SMC marked `x` (answered with through frames); for another one
        // (this SMC cuts through no more) passed on from here one hop at a time.
        if (this.r.xc && f.call === this.r.call && f.dst !== me) {
          this.o.write(line + "\n");
          continue;
        }
        let ack = "#k" + hex(f.seq, 2) + "00" + line.substr(6, 8) + hex(me, 2) + line.substr(14, 2) + "00000000";
        ack += "*" + hex(port.crc(ack), 8) + "\n";
        // A request for this SMC is acknowledged after it is delivered, and
        // only when no answer to it went out at once (first in the queue,
        // its retry timer armed): the answer is the acknowledgement, a line
        // fewer for every SMC between. A repeat is acknowledged.
        const q = f.kind === "q" && f.dst === me;
        if (!q) this.uart.write(ack);
        const fresh = ((f.src << 8) | f.seq) !== this.xs;
        if (fresh) {
          this.xs = (f.src << 8) | f.seq;
          f.kind = f.kind.toUpperCase();
          if (f.dst === me) f.x = 1;
          else if (f.kind !== K.Map) f.w = line;
          this.r.on(LinkEv.Frame, this, f);
        }
        const a = this.timer ? this.queue[0] : undefined;
        if (q && (!fresh || !a || a.kind < "a" || a.req !== f.req || a.call !== f.call || a.dst !== f.src)) this.uart.write(ack);
      } else {
        // An ack is encodeFrame's layout with every field 0 but kind, seq
        // and src (docs/protocol.md): built here with no object and fewer calls.
        const ack = "#" + K.Ack + hex(f.seq, 2) + "0000000000" + hex(port.config.id, 2) + "0000000000";
        this.uart.write(ack + "*" + hex(port.crc(ack), 8) + "\n");
        if (f.seq !== this.lastRxSeq) {
          this.lastRxSeq = f.seq;
          // Passed on as it came, but a map walk's (each SMC adds its entry).
          if (f.kind !== K.Map) f.w = line;
          this.r.on(LinkEv.Frame, this, f);
        }
      }
    }
    this.rx = at ? rx.substr(at) : rx;
    if (this.rx.length > Lk.MaxRx) {
      this.overflows++;
      this.rx = "";
    }
  }

  /** The link's dispatcher (see the header); `f`: the frame Heard. */
  on(what: LinkDo, f?: LinkFrame): void {
    const port = this.r.port;
    switch (what) {
      case LinkDo.Heard: {
        // A neighbour that now has this SMC's own ID (it rebooted with the
        // defaults) is reported at once; other ID changes are not news (a
        // forger could fill the log with them).
        let changed = false;
        if ((f!.kind === K.Heartbeat || f!.kind === K.Ack) && f!.src !== this.peer) {
          this.peer = f!.src;
          changed = f!.src === port.config.id;
        }
        if (this.state !== LinkState.Up) {
          this.state = LinkState.Up;
          // A neighbour that came back may have rebooted and restarted its seqs.
          this.lastRxSeq = -1;
          changed = true;
        }
        if (changed) this.r.on(LinkEv.Changed, this, f);
        return;
      }
      case LinkDo.Tick:
        // Spliced, this SMC writes nothing; before the first line each way
        // after a splice ended, no heartbeat; a spliced neighbour not
        // back in two heartbeat periods and t.linkDownMs is gone (splice.ts).
        if (this.r.sx === Sx.Spliced) return;
        // The wall clock rides in the heartbeat once known: req its Unix seconds, dst its generation (0, 0: unknown).
        // seq: the last data frame's number sent on this link, 0 until the first.
        if (!(this.d || (this.ol && this.ol.d))) this.uart.write(encodeFrame({ kind: K.Heartbeat, seq: this.seq, hops: 0, call: this.r.call, src: port.config.id, dst: port.log.g, req: port.log.time(), payload: "" }, port.crc));
        if (this.state === LinkState.Up && port.clock.now() - (this.sp ? this.sp + 2 * port.config.t.heartbeatMs : this.lastHeard) > port.config.t.linkDownMs) this.on(LinkDo.Down);
        return;
      case LinkDo.Retry: {
        this.timer = 0;
        if (++this.tries < Lk.MaxTries) return this.send();
        // A through frame unanswered says nothing of the neighbour (the far
        // end or a hop between may be gone): only it fails, as its upper-case kind.
        const h = this.queue[0];
        if (h.kind > "Z") {
          this.tries = 0;
          this.queue.shift();
          h.kind = h.kind.toUpperCase();
          this.lost++;
          this.r.on(LinkEv.Failed, this, h);
          return this.send();
        }
        // The neighbour is dead when it acknowledges nothing for
        // t.linkDownMs, as when it is silent that long: one busy for less
        // (a board erasing a flash page, a hash, a loaded host's
        // interpreter) gets the frame again, not a link down (4 sends
        // took ~250 ms, which such a stall outlasts: a call cut, ERR 10).
        if (port.clock.now() - this.since < port.config.t.linkDownMs) return this.send();
        return this.on(LinkDo.Down);
      }
      case LinkDo.Down: {
        if (this.timer) port.clock.cancel(this.timer);
        this.timer = 0;
        this.tries = 0;
        const failed = this.queue;
        this.queue = [];
        const changed = this.state !== LinkState.Down;
        this.state = LinkState.Down;
        this.sp = 0;
        if (this.r.sx) splice(this.r, Sp.Own);
        this.r.xc = "";
        if (changed) this.r.on(LinkEv.Changed, this, undefined);
        for (let i = 0; i < failed.length; i++) {
          this.lost++;
          this.r.on(LinkEv.Failed, this, failed[i]);
        }
      }
    }
  }
}
