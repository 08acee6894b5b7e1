// The console protocol on one port: lines in, one command at a time, replies
// out (echoed and plain for people, framed for programs). See
// docs/protocol.md.
/** Where replies go: the modem while a call is up, or a directly wired terminal. */
export interface Writer {
  write(bytes: string): void;
}
import { Command, Err, errLine, frame, LineReader, LineSink, parseCommand, parseFramed, Reply } from "../protocol";

/** Lines accepted while a command runs; one more gets ERR busy at once. */
export const MAX_QUEUED = 4;
/** Largest framed reply kept for answering a retried seq without re-running it. */
export const MAX_CACHED_REPLY = 1024;

export interface Dispatcher {
  run(cmd: Command, reply: Reply): void;
}

interface Pending {
  text: string;
  framed: boolean;
  fault: number;
}

const enum PortState {
  Idle,
  Running,
}

export class ConsolePort {
  private reader: LineReader;
  private sink: LineSink;
  private queue: Pending[] = [];
  private state = PortState.Idle;
  private lastSeq = "";
  private lastReply = "";
  /**
   * The call generation: bumped at every call's end, so that the reply of a
   * command of an ended call (a POWER OFF still holding the button, a search
   * still under way) is recognised and dropped.
   */
  private gen = 0;
  /** Whether a call is up: no line is read or run while none is. */
  private up: boolean;
  /** Echoed "+" bytes held back until the next byte (see send). */
  private held = "";
  /** Lines refused because the queue was full; for STATUS and tests. */
  refused = 0;

  /** `up`: a call is up from the start (a terminal wired directly). */
  constructor(private uart: Writer, private dispatcher: Dispatcher, up: boolean) {
    this.up = up;
    this.sink = {
      echo: (bytes) => this.send(bytes),
      line: (text, framed, fault) => this.enqueue({ text: text, framed: framed, fault: fault }),
    };
    this.reader = new LineReader(this.sink);
  }

  feed(bytes: string): void {
    if (this.up) this.reader.feed(bytes);
  }

  /**
   * A call's end (and a new one's start): everything that belonged to the
   * last call goes, the half-typed line, the queued lines, the retry cache
   * and the running command's reply (which now writes nothing and starts
   * nothing). `up`: whether a call is up now; while none is, no line is
   * read or run.
   */
  reset(up: boolean): void {
    this.gen++;
    this.up = up;
    this.queue = [];
    this.state = PortState.Idle;
    this.lastSeq = "";
    this.lastReply = "";
    this.held = "";
    this.reader = new LineReader(this.sink);
  }

  /**
   * Everything written goes through here, and never leaves "+" as the last
   * byte sent: held back until the next byte, a typed "+++" between pauses
   * can never reach the modem as its own escape from its DTE (docs/modem.md).
   * Replies end in CR LF, so only echo is ever held.
   */
  private send(bytes: string): void {
    const s = this.held + bytes;
    let n = s.length;
    while (n > 0 && s.charCodeAt(n - 1) === 43) n--;
    this.held = s.substr(n);
    if (n) this.uart.write(s.substr(0, n));
  }

  private enqueue(p: Pending): void {
    if (this.queue.length >= MAX_QUEUED) {
      this.refused++;
      // With the request's seq where its CRC checks.
      const f = p.framed ? parseFramed(p.text) : undefined;
      this.send(p.framed ? frame(f ? f.seq : "0", errLine(Err.Busy)) : errLine(Err.Busy) + "\r\n");
      return;
    }
    this.queue.push(p);
    if (this.state === PortState.Idle) this.next();
  }

  private next(): void {
    const p = this.queue.shift();
    if (!p || !this.up) {
      this.state = PortState.Idle;
      return;
    }
    this.state = PortState.Running;
    this.run(p);
  }

  private run(p: Pending): void {
    let seq = "";
    let body = p.text;
    if (p.framed) {
      // A spoiled line too is answered with its seq where its CRC checks.
      const f = parseFramed(p.text);
      if (!f) p.fault = p.fault || Err.BadChecksum;
      else {
        seq = f.seq;
        body = f.body;
        if (!p.fault && seq === this.lastSeq) {
          // A retry of the request just answered: its reply was lost, the
          // command must not run twice.
          this.send(this.lastReply);
          this.next();
          return;
        }
      }
    }
    const gen = this.gen;
    // "!": not kept for a retry (too large, or a spoiled line, to be read afresh).
    let out = p.fault ? "!" : "";
    let finished = false;
    const emit = (text: string) => {
      const bytes = p.framed ? frame(seq || "0", text) : text + "\r\n";
      if (seq && out !== "!") out = out.length + bytes.length <= MAX_CACHED_REPLY ? out + bytes : "!";
      this.send(bytes);
    };
    const finish = (text: string) => {
      if (finished) return;
      finished = true;
      // The call this command belonged to is over: nothing to say, nothing to start.
      if (gen !== this.gen) return;
      emit(text);
      // A reply too large to keep ("!") is produced again on a retry; only
      // read-only commands answer that much.
      const keep = seq && out !== "!";
      this.lastSeq = keep ? seq : "";
      this.lastReply = keep ? out : "";
      this.next();
    };
    const reply: Reply = {
      line: (text) => {
        if (!finished && gen === this.gen) emit(text);
      },
      ok: () => finish("OK"),
      err: (code, why) => finish(errLine(code, why)),
      handOff: () => {
        if (finished) return;
        finished = true;
        if (gen !== this.gen) return;
        this.lastSeq = "";
        this.next();
      },
    };
    if (p.fault) {
      reply.err(p.fault);
      return;
    }
    const cmd = parseCommand(body);
    if (typeof cmd === "number") return reply.err(cmd);
    if (seq) cmd.seq = seq;
    this.dispatcher.run(cmd, reply);
  }
}
