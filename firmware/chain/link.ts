// One inter-SMC link (UART2 or UART3): frames in and out, acknowledged and
// retried a bounded number of times, duplicates dropped, heartbeats that
// tell whether a neighbour is there. Routing is not done here: what a link
// hears, and what it gives up on, goes to its router's `on`.
//
// One dispatcher, `on(what, text)`, does the link's work (few function
// objects: each costs ~8 variables on a board):
//   Data   bytes from the UART: cut into lines, each handled as Line
//   Line   one line: a frame is decoded; heartbeat and ack handled here,
//          a new data frame acknowledged and handed to the router
//   Tick   every t.heartbeatMs (the router's timer): send a heartbeat;
//          Up and silent for t.linkDownMs -> Down
//   Tx     send the first queued frame, arm its retry timer
//   Retry  no ack in time: Tx again, or after MAX_TRIES sends -> Down
//   Down   state Down; every queued frame is reported Failed
// States (LinkState): Silent --frame heard--> Up --silence/retries--> Down
//   --frame heard--> Up.
import { Clock, Uart } from "../hal";
import { decodeFrame, encodeFrame, FRAME_OVERHEAD, K, LinkFrame, MAX_PAYLOAD } from "../protocol";
import type { Router } from "./router";
import { LinkEv } from "./types";

/** Longest run of bytes without a frame end kept; more is line noise. */
const MAX_RX = MAX_PAYLOAD + FRAME_OVERHEAD + 8;
/** The shortest frame (no payload), without its line end: shorter lines are noise, never decoded. */
const MIN_LINE = FRAME_OVERHEAD - 1;
/** Frames waiting to be sent; one console request needs at most a few. */
const MAX_QUEUE = 8;
/** Sends of one frame before the link is declared down. */
const MAX_TRIES = 4;
/** Added to a frame's round trip before a retry: the neighbour's processing time. */
const ACK_MARGIN_MS = 60;

export const enum LinkState {
  /** No neighbour heard since boot. */
  Silent,
  Up,
  /** A neighbour was heard, then nothing for t.linkDownMs or a frame went unacknowledged. */
  Down,
}

/** The events `Link.on` handles (see the header). */
export const enum LinkDo {
  Data,
  Line,
  Tick,
  Tx,
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
  /** The call this SMC takes part in, carried by its heartbeats (the router sets it). */
  call = 0;
  private rx = "";
  private queue: LinkFrame[] = [];
  private tries = 0;
  private timer = 0;
  private seq = 0;
  private lastRxSeq = -1;
  private lastHeard = 0;
  private clock: Clock;
  private byteMs: number;
  /**
   * The one function given to the UART (bytes) and to the retry timer (no
   * bytes: Espruino's timers pass undefined, the virtual clock nothing).
   */
  private cb: (bytes?: string) => void;

  constructor(
    readonly name: string,
    private uart: Uart,
    private r: Router,
  ) {
    this.clock = r.port.clock;
    this.byteMs = 10000 / r.port.config.linkBaud;
    this.cb = (bytes) => this.on(bytes === undefined ? LinkDo.Retry : LinkDo.Data, bytes || "");
    uart.setup(r.port.config.linkBaud);
    uart.onData(this.cb);
    this.on(LinkDo.Tick, "");
  }

  usable(): boolean {
    return this.state === LinkState.Up;
  }

  /**
   * Queues a data frame; it is reported Failed at once when the link is not
   * up. `hop` 1: `f` is another SMC's frame forwarded as it came, one hop
   * further (the link numbers what it sends).
   */
  send(f: LinkFrame, hop?: number): void {
    if (hop) f.hops++;
    if (this.state !== LinkState.Up || this.queue.length >= MAX_QUEUE) {
      this.lost++;
      return this.r.on(LinkEv.Failed, this, f);
    }
    this.seq = this.seq >= 255 ? 1 : this.seq + 1;
    f.seq = this.seq;
    this.queue.push(f);
    if (this.queue.length === 1) this.on(LinkDo.Tx, "");
  }

  /** Sends a frame from this SMC back to the sender of `f` (which came over this link). */
  back(f: LinkFrame, kind: string, payload: string): void {
    this.send({ kind: kind, seq: 0, hops: 0, call: f.call, src: this.r.port.config.id, dst: f.src, req: f.req, payload: payload });
  }

  /** The link's dispatcher (see the header); `s`: the bytes of Data, the line of Line. */
  on(what: LinkDo, s: string): void {
    const port = this.r.port;
    const me = port.config.id;
    switch (what) {
      case LinkDo.Data: {
        // Work per chunk is bounded by the chunk's length: a chunk of n
        // bytes can end at most n / MIN_LINE + 1 frames, so the line ends
        // past that many are a flood and the rest of the chunk is dropped
        // unread; lines too short to be a frame are counted, not decoded;
        // the buffer is cut once per chunk, not once per line. A flood
        // costs its sender the bytes, not this SMC the time it owes its
        // other link.
        const rx = this.rx + s;
        let at = 0;
        let budget = ((s.length / MIN_LINE) | 0) + 2;
        for (;;) {
          const end = rx.indexOf("\n", at);
          if (end < 0) break;
          if (--budget < 0) {
            this.bad++;
            at = rx.lastIndexOf("\n") + 1;
            break;
          }
          if (end - at >= MIN_LINE) this.on(LinkDo.Line, rx.substr(at, end - at));
          else if (end > at) this.bad++;
          at = end + 1;
        }
        this.rx = at ? rx.substr(at) : rx;
        if (this.rx.length > MAX_RX) {
          this.overflows++;
          this.rx = "";
        }
        return;
      }
      case LinkDo.Line: {
        // Noise before a frame's "#" is skipped; what remains must be whole.
        const start = s.indexOf("#");
        const f = start < 0 ? undefined : decodeFrame(start ? s.substr(start) : s, port.crc);
        if (!f) {
          if (s.length) this.bad++;
          return;
        }
        this.lastHeard = this.clock.now();
        // A neighbour that now has this SMC's own ID (it rebooted with the
        // defaults) is reported at once; other ID changes are not news (a
        // forger could fill the log with them).
        let changed = false;
        if ((f.kind === K.Heartbeat || f.kind === K.Ack) && f.src !== this.peer) {
          this.peer = f.src;
          changed = f.src === me;
        }
        if (this.state !== LinkState.Up) {
          this.state = LinkState.Up;
          // A neighbour that came back may have rebooted and restarted its seqs.
          this.lastRxSeq = -1;
          changed = true;
        }
        if (changed) this.r.on(LinkEv.Changed, this, f);
        if (f.kind === K.Heartbeat) {
          // One carrying a call keeps that call's flags alive downstream.
          if (f.call) this.r.on(LinkEv.Frame, this, f);
          return;
        }
        if (f.kind === K.Ack) {
          const head = this.queue[0];
          if (head && head.seq === f.seq) {
            this.clock.cancel(this.timer);
            this.timer = 0;
            this.tries = 0;
            this.queue.shift();
            if (this.queue.length) this.on(LinkDo.Tx, "");
          }
          return;
        }
        this.uart.write(encodeFrame({ kind: K.Ack, seq: f.seq, hops: 0, call: 0, src: me, dst: 0, req: 0, payload: "" }, port.crc));
        if (f.seq === this.lastRxSeq) return;
        this.lastRxSeq = f.seq;
        return this.r.on(LinkEv.Frame, this, f);
      }
      case LinkDo.Tick:
        this.uart.write(encodeFrame({ kind: K.Heartbeat, seq: 0, hops: 0, call: this.call, src: me, dst: 0, req: 0, payload: "" }, port.crc));
        if (this.state === LinkState.Up && this.clock.now() - this.lastHeard > port.config.t.linkDownMs) this.on(LinkDo.Down, "");
        return;
      case LinkDo.Tx: {
        const f = this.queue[0];
        this.uart.write(encodeFrame(f, port.crc));
        // Frame out, ack back, both at this link's baud rate, plus processing.
        const wait = Math.ceil((f.payload.length + 2 * FRAME_OVERHEAD) * this.byteMs) + ACK_MARGIN_MS;
        this.timer = this.clock.after(this.cb, wait);
        return;
      }
      case LinkDo.Retry:
        this.timer = 0;
        return this.on(++this.tries < MAX_TRIES ? LinkDo.Tx : LinkDo.Down, "");
      case LinkDo.Down: {
        if (this.timer) this.clock.cancel(this.timer);
        this.timer = 0;
        this.tries = 0;
        const failed = this.queue;
        this.queue = [];
        const changed = this.state !== LinkState.Down;
        this.state = LinkState.Down;
        if (changed) this.r.on(LinkEv.Changed, this, undefined);
        for (let i = 0; i < failed.length; i++) {
          this.lost++;
          this.r.on(LinkEv.Failed, this, failed[i]);
        }
      }
    }
  }
}
