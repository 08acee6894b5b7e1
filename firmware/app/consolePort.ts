// The console protocol on one port: lines in, one command at a time, replies
// out (echoed and plain for people, framed for programs). See
// docs/protocol.md.
/** Where replies go: the modem while a call is up, or a directly wired terminal. */
export interface Writer {
  write(bytes: string): void;
}
import { Command, Err, errLine, frame, LineReader, LineSink, parseCommand, parseFramed } from "../protocol";
import { Reply } from "./reply";

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
  /** Echoed "+" bytes held back until the next byte (see echo). */
  private held = "";
  /** Lines refused because the queue was full; for STATUS and tests. */
  refused = 0;

  /** `up`: a call is up from the start (a terminal wired directly). */
  constructor(private uart: Writer, private dispatcher: Dispatcher, up: boolean) {
    this.up = up;
    this.sink = {
      echo: (bytes) => this.echo(bytes),
      line: (text, framed, fault) => this.enqueue({ text: text, framed: framed, fault: fault }),
    };
    this.reader = new LineReader(this.sink);
  }

  feed(bytes: string): void {
    if (this.up) this.reader.feed(bytes);
  }

  /** A call is up (CONNECT): lines are read and run from now on. */
  begin(): void {
    this.end();
    this.up = true;
  }

  /**
   * The call is over: everything that belonged to it goes, the half-typed
   * line, the queued lines, the retry cache and the running command's reply
   * (which now writes nothing and starts nothing), and nothing runs until
   * the next begin().
   */
  end(): void {
    this.gen++;
    this.up = false;
    this.queue = [];
    this.state = PortState.Idle;
    this.lastSeq = "";
    this.lastReply = "";
    this.held = "";
    this.reader = new LineReader(this.sink);
  }

  /**
   * The echo never leaves "+" as the last byte sent: held back until the
   * next byte, a typed "+++" between pauses can never reach the modem as
   * its own escape sequence from its DTE (docs/modem.md).
   */
  private echo(bytes: string): void {
    let s = this.held + bytes;
    let n = s.length;
    while (n > 0 && s.charCodeAt(n - 1) === 43) n--;
    this.held = s.substr(n);
    if (n) this.uart.write(s.substr(0, n));
  }

  private write(bytes: string): void {
    const s = this.held + bytes;
    this.held = "";
    this.uart.write(s);
  }

  private enqueue(p: Pending): void {
    if (this.queue.length >= MAX_QUEUED) {
      this.refused++;
      this.write(p.framed ? frame(this.trusted(p), errLine(Err.Busy)) : errLine(Err.Busy) + "\r\n");
      return;
    }
    this.queue.push(p);
    if (this.state === PortState.Idle) this.next();
  }

  /** A framed line's seq where its CRC checks (a spoiled or refused line too), else "0". */
  private trusted(p: Pending): string {
    const f = parseFramed(p.text);
    return f ? f.seq : "0";
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
    if (p.framed && !p.fault) {
      const f = parseFramed(p.text);
      if (!f) p.fault = Err.BadChecksum;
      else {
        seq = f.seq;
        body = f.body;
        if (seq === this.lastSeq) {
          // A retry of the request just answered: its reply was lost, the
          // command must not run twice.
          this.write(this.lastReply);
          this.next();
          return;
        }
      }
    }
    // A spoiled line is answered with its seq where that can be trusted,
    // and never kept for retries: a retry of it must be read again.
    const fseq = p.framed && p.fault && p.fault !== Err.BadChecksum ? this.trusted(p) : "";
    const gen = this.gen;
    let out = "";
    let finished = false;
    const emit = (text: string) => {
      const bytes = p.framed ? frame(seq || fseq || "0", text) : text + "\r\n";
      if (seq && out !== "!") out = out.length + bytes.length <= MAX_CACHED_REPLY ? out + bytes : "!";
      this.write(bytes);
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
      err: (code) => finish(errLine(code)),
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
