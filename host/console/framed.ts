// The framed protocol client (docs/protocol.md, "Framed mode"): one request
// at a time, each with a new seq and its CRC; reply lines checked and
// matched by seq; safe retries on a noisy line.
//
// Retry rules (why each is safe):
// - no final line in time: resend with the SAME seq. If the SMC ran it, it
//   answers from its saved reply without running it again.
// - `!0 ERR 5|3|4|9` (seq untrusted): resend with the SAME seq, for the same
//   reason; it may have been noise that was not our request at all.
// - `!<our seq> ERR 3|4|5`: our line was spoiled and not run: a NEW seq,
//   since the SMC may keep that error as the seq's saved reply.
// - `!<our seq> ERR 9 busy`: not run; wait, then a NEW seq.
// - a damaged line (bad CRC, or unframed text) while a reply comes in: one
//   of the reply's lines may be missing, so the final line is not trusted
//   and the request is sent again with the SAME seq (the saved reply comes
//   back; a reply too large to keep is a read, run again).
// - an unframed `ERR` while a request waits: our "!" was spoiled and the
//   SMC took the line as typed, where a seq is no verb (ERR 1): SAME seq.
import { EventEmitter } from "node:events";
import { crc16, hex } from "../../firmware/protocol";
import { cancel, ConsoleClock } from "./clock";
import { LineLost, NoReply } from "./errors";

export interface Reply {
  /** Data lines, in order, without frame. */
  lines: string[];
  /** "OK" or "ERR <code> <text>". */
  final: string;
  /** The ERR code, 0 for OK. */
  code: number;
}

export interface FramedOptions {
  /** Sends per request before NoReply (default 4). */
  attempts?: number;
  /** Default time for a final line after the last byte of the request or reply (default 8000 ms). */
  timeoutMs?: number;
  /** Pause before resending after ERR 9 busy (default 1000 ms). */
  busyWaitMs?: number;
  /** First seq (default random, so a new session on a directly wired port never repeats the last one's). */
  firstSeq?: number;
}

/** `!seq body*CRC` for a request, with its CR. */
export function frameRequest(seq: number, body: string): string {
  const head = "!" + seq + " " + body;
  return head + "*" + hex(crc16(head), 4) + "\r";
}

/** A reply line's seq and text, or undefined when damaged or unframed. */
export function parseReplyLine(line: string): { seq: number; text: string } | undefined {
  const m = /^!(\d{1,4}) (.*)\*([0-9A-Fa-f]{4})$/.exec(line);
  if (!m) return undefined;
  const head = line.slice(0, line.length - 5);
  if (hex(crc16(head), 4) !== m[3].toUpperCase()) return undefined;
  return { seq: Number(m[1]), text: m[2] };
}

/** A request as it may be shown or logged: never a password. */
export function redact(body: string): string {
  return body.replace(/^((?:@\d+ +)?AUTH +\S+) .*$/i, "$1 ********");
}

const errCode = (text: string) => (text.startsWith("ERR ") ? parseInt(text.slice(4), 10) || 0 : 0);
const isFinal = (text: string) => text === "OK" || /^ERR \d+/.test(text);

interface Pending {
  body: string;
  seq: number;
  lines: string[];
  attempt: number;
  busyTries: number;
  /** A damaged line arrived since this attempt was sent. */
  damaged: boolean;
  timeoutMs: number;
  timer?: unknown;
  resolve(r: Reply): void;
  reject(e: Error): void;
}

export interface FramedEvents {
  retry: [{ seq: number; body: string; why: string }];
  noise: [string];
}

export class FramedClient extends EventEmitter<FramedEvents> {
  private seq: number;
  private pending?: Pending;
  private chain: Promise<unknown> = Promise.resolve();
  private lost?: string;
  /** Reply lines dropped for a bad CRC or shape. */
  damaged = 0;
  retries = 0;

  constructor(
    private write: (bytes: string) => void,
    private clock: ConsoleClock,
    private o: FramedOptions = {},
  ) {
    super();
    this.seq = o.firstSeq ?? 1 + Math.floor(Math.random() * 9000);
  }

  /** Sends `body` (a command line, `@id` included) and resolves with its reply; one at a time, in order. */
  request(body: string, timeoutMs?: number): Promise<Reply> {
    const run = () =>
      new Promise<Reply>((resolve, reject) => {
        if (this.lost) return reject(new LineLost(this.lost));
        this.pending = { body, seq: this.nextSeq(), lines: [], attempt: 0, busyTries: 0, damaged: false, timeoutMs: timeoutMs ?? this.o.timeoutMs ?? 8000, resolve, reject };
        this.send(this.pending);
      });
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => undefined);
    return p;
  }

  /** A line from the stream (framed or not). Returns false when it was not a frame. */
  line(line: string): boolean {
    if (!line.startsWith("!")) return false;
    const r = parseReplyLine(line);
    const p = this.pending;
    if (!r) {
      this.damaged++;
      if (p) p.damaged = true;
      this.emit("noise", line);
      return true;
    }
    if (!p) return true;
    if (r.seq === 0 && p.lines.length === 0 && /^ERR (3|4|5|9) /.test(r.text)) {
      return this.retry(p, r.text, false, errCode(r.text) === 9), true;
    }
    if (r.seq !== p.seq) return true;
    if (isFinal(r.text)) {
      const code = errCode(r.text);
      if (p.damaged) return this.retry(p, "a damaged line in the reply", false, false), true;
      if (p.lines.length === 0 && (code === 3 || code === 4 || code === 5)) return this.retry(p, r.text, true, false), true;
      if (p.lines.length === 0 && code === 9) return this.retry(p, r.text, true, true), true;
      this.done(p);
      p.resolve({ lines: p.lines, final: r.text, code });
      return true;
    }
    p.lines.push(r.text);
    this.arm(p);
    return true;
  }

  /** A line that was not a frame, while online: noise, or our request spoiled into typed mode. */
  unframed(line: string): void {
    const p = this.pending;
    if (!p) return;
    this.damaged++;
    if (/^ERR \d+/.test(line) && p.lines.length === 0) return this.retry(p, `our request arrived spoiled (${line})`, false, false);
    p.damaged = true;
  }

  /** The line is gone: the request in flight fails, and every later one at once. */
  lineLost(why: string): void {
    if (this.lost) return;
    this.lost = why;
    const p = this.pending;
    if (p) {
      this.done(p);
      p.reject(new LineLost(why));
    }
  }

  /** Gives up the request in flight (Ctrl-C) without ending the line: a BYE can still follow. */
  abort(why: string): void {
    const p = this.pending;
    if (!p) return;
    this.done(p);
    p.reject(new LineLost(why));
  }

  private nextSeq(): number {
    this.seq = this.seq >= 9999 ? 1 : this.seq + 1;
    return this.seq;
  }

  private send(p: Pending): void {
    p.attempt++;
    p.lines = [];
    p.damaged = false;
    this.write(frameRequest(p.seq, p.body));
    this.arm(p);
  }

  private arm(p: Pending): void {
    cancel(this.clock, p.timer);
    p.timer = this.clock.setTimeout(() => this.retry(p, "no answer", false, false), p.timeoutMs);
  }

  private retry(p: Pending, why: string, newSeq: boolean, busy: boolean): void {
    cancel(this.clock, p.timer);
    p.timer = undefined;
    const limit = this.o.attempts ?? 4;
    if (busy) {
      // Busy after every pause: that is the answer.
      if (p.busyTries >= limit) {
        this.done(p);
        p.resolve({ lines: [], final: why, code: 9 });
        return;
      }
      p.busyTries++;
    } else if (p.attempt >= limit) {
      this.done(p);
      p.reject(new NoReply(`no answer to ${redact(p.body)} after ${p.attempt} tries (${why})`));
      return;
    }
    this.retries++;
    if (newSeq) p.seq = this.nextSeq();
    this.emit("retry", { seq: p.seq, body: redact(p.body), why });
    const go = () => {
      if (this.pending === p && !this.lost) this.send(p);
    };
    if (busy) p.timer = this.clock.setTimeout(go, this.o.busyWaitMs ?? 1000);
    else go();
  }

  private done(p: Pending): void {
    cancel(this.clock, p.timer);
    p.timer = undefined;
    if (this.pending === p) this.pending = undefined;
  }
}
