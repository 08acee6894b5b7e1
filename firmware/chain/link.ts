// One inter-SMC link (UART2 or UART3): frames in and out, acknowledged and
// retried a bounded number of times, duplicates dropped, heartbeats that
// tell whether a neighbour is there. Routing is not done here.
import { Clock, Uart } from "../hal";
import { Crc, decodeFrame, encodeFrame, FRAME_OVERHEAD, K, LinkFrame, MAX_PAYLOAD } from "../protocol";

/** Longest run of bytes without a frame end kept; more is line noise. */
const MAX_RX = MAX_PAYLOAD + FRAME_OVERHEAD + 8;
/** The shortest frame (no payload), without its line end: shorter lines are noise, never decoded. */
const MIN_LINE = FRAME_OVERHEAD - 1;
/** Frames waiting to be sent; one console request needs at most a few. */
const MAX_QUEUE = 8;
/** Sends of one frame before the link is declared down. */
export const MAX_TRIES = 4;
/** Added to a frame's round trip before a retry: the neighbour's processing time. */
const ACK_MARGIN_MS = 60;

export const enum LinkState {
  /** No neighbour heard since boot. */
  Silent,
  Up,
  /** A neighbour was heard, then nothing for t.linkDownMs or a frame went unacknowledged. */
  Down,
}

export interface LinkTimings {
  /** Heartbeat period. */
  heartbeatMs: number;
  /** Silence after which a neighbour counts as dead. */
  linkDownMs: number;
}

export interface LinkEvents {
  /** A new data frame (duplicates are not delivered again). */
  frame(link: Link, f: LinkFrame): void;
  /** `f` could not be delivered (link down or retries exhausted). */
  failed(link: Link, f: LinkFrame): void;
  /** The link changed state. */
  changed(link: Link): void;
}

export class Link {
  state = LinkState.Silent;
  /** The neighbour's ID code, from its heartbeats. */
  peer = 0;
  /** Counters for STATUS/DIAG: damaged frames, frames given up, duplicates, rx overflows. */
  bad = 0;
  lost = 0;
  dupes = 0;
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
  private byteMs: number;

  constructor(
    readonly name: string,
    private uart: Uart,
    private clock: Clock,
    private crc: Crc,
    private myId: number,
    baud: number,
    private t: LinkTimings,
    private ev: LinkEvents,
  ) {
    this.byteMs = 10000 / baud;
    uart.setup(baud);
    uart.onData((bytes) => this.feed(bytes));
    clock.every(() => this.tick(), t.heartbeatMs);
    this.heartbeat();
  }

  usable(): boolean {
    return this.state === LinkState.Up;
  }

  /** Queues a data frame; `failed` is called at once when the link is not up. */
  send(f: LinkFrame): void {
    if (this.state !== LinkState.Up || this.queue.length >= MAX_QUEUE) {
      this.lost++;
      this.ev.failed(this, f);
      return;
    }
    this.seq = this.seq >= 255 ? 1 : this.seq + 1;
    f.seq = this.seq;
    this.queue.push(f);
    if (this.queue.length === 1) this.transmit();
  }

  private transmit(): void {
    const f = this.queue[0];
    this.uart.write(encodeFrame(f, this.crc));
    // Frame out, ack back, both at this link's baud rate, plus processing.
    const wait = Math.ceil((f.payload.length + 2 * FRAME_OVERHEAD) * this.byteMs) + ACK_MARGIN_MS;
    this.timer = this.clock.after(() => this.retry(), wait);
  }

  private retry(): void {
    this.timer = 0;
    if (++this.tries < MAX_TRIES) return this.transmit();
    this.goDown();
  }

  private raw(kind: string, seq: number): void {
    this.uart.write(encodeFrame({ kind: kind, seq: seq, hops: 0, call: kind === K.Heartbeat ? this.call : 0, src: this.myId, dst: 0, req: 0, payload: "" }, this.crc));
  }

  private heartbeat(): void {
    this.raw(K.Heartbeat, 0);
  }

  private tick(): void {
    this.heartbeat();
    if (this.state === LinkState.Up && this.clock.now() - this.lastHeard > this.t.linkDownMs) this.goDown();
  }

  private goDown(): void {
    if (this.timer) this.clock.cancel(this.timer);
    this.timer = 0;
    this.tries = 0;
    const failed = this.queue;
    this.queue = [];
    const changed = this.state !== LinkState.Down;
    this.state = LinkState.Down;
    if (changed) this.ev.changed(this);
    for (let i = 0; i < failed.length; i++) {
      this.lost++;
      this.ev.failed(this, failed[i]);
    }
  }

  private heard(f: LinkFrame): void {
    this.lastHeard = this.clock.now();
    // A neighbour that now has this SMC's own ID (it rebooted with the
    // defaults) is reported at once; other ID changes are not news (a
    // forger could fill the log with them).
    let changed = false;
    if ((f.kind === K.Heartbeat || f.kind === K.Ack) && f.src !== this.peer) {
      this.peer = f.src;
      changed = f.src === this.myId;
    }
    if (this.state !== LinkState.Up) {
      this.state = LinkState.Up;
      // A neighbour that came back may have rebooted and restarted its seqs.
      this.lastRxSeq = -1;
      changed = true;
    }
    if (changed) this.ev.changed(this);
  }

  /**
   * Work per chunk is bounded by the chunk's length: a chunk of n bytes can
   * end at most n / MIN_LINE + 1 frames, so the line ends past that many
   * are a flood and the rest of the chunk is dropped unread; lines too short
   * to be a frame are counted, not decoded; the buffer is cut once per chunk,
   * not once per line. A flood costs its sender the bytes, not this SMC
   * the time it owes its other link.
   */
  private feed(bytes: string): void {
    const rx = this.rx + bytes;
    let at = 0;
    let budget = ((bytes.length / MIN_LINE) | 0) + 2;
    for (;;) {
      const end = rx.indexOf("\n", at);
      if (end < 0) break;
      if (--budget < 0) {
        this.bad++;
        at = rx.lastIndexOf("\n") + 1;
        break;
      }
      if (end - at >= MIN_LINE) this.line(rx.substr(at, end - at));
      else if (end > at) this.bad++;
      at = end + 1;
    }
    this.rx = at ? rx.substr(at) : rx;
    if (this.rx.length > MAX_RX) {
      this.overflows++;
      this.rx = "";
    }
  }

  private line(line: string): void {
    // Noise before a frame's "#" is skipped; what remains must be whole.
    const start = line.indexOf("#");
    const f = start < 0 ? undefined : decodeFrame(start ? line.substr(start) : line, this.crc);
    if (!f) {
      if (line.length) this.bad++;
      return;
    }
    this.heard(f);
    if (f.kind === K.Heartbeat) {
      // One carrying a call keeps that call's flags alive downstream.
      if (f.call) this.ev.frame(this, f);
      return;
    }
    if (f.kind === K.Ack) {
      const head = this.queue[0];
      if (head && head.seq === f.seq) {
        this.clock.cancel(this.timer);
        this.timer = 0;
        this.tries = 0;
        this.queue.shift();
        if (this.queue.length) this.transmit();
      }
      return;
    }
    this.raw(K.Ack, f.seq);
    if (f.seq === this.lastRxSeq) {
      this.dupes++;
      return;
    }
    this.lastRxSeq = f.seq;
    this.ev.frame(this, f);
  }
}
