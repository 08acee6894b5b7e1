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
  /** Lines refused because the queue was full; for STATUS and tests. */
  refused = 0;

  constructor(private uart: Writer, private dispatcher: Dispatcher) {
    this.sink = {
      echo: (bytes) => uart.write(bytes),
      line: (text, framed, fault) => this.enqueue({ text: text, framed: framed, fault: fault }),
    };
    this.reader = new LineReader(this.sink);
  }

  feed(bytes: string): void {
    this.reader.feed(bytes);
  }

  /** A new call: forget the retry cache and any half-typed line of the last one. */
  reset(): void {
    this.lastSeq = "";
    this.lastReply = "";
    this.reader = new LineReader(this.sink);
  }

  private enqueue(p: Pending): void {
    if (this.queue.length >= MAX_QUEUED) {
      this.refused++;
      this.uart.write(p.framed ? frame("0", errLine(Err.Busy)) : errLine(Err.Busy) + "\r\n");
      return;
    }
    this.queue.push(p);
    if (this.state === PortState.Idle) this.next();
  }

  private next(): void {
    const p = this.queue.shift();
    if (!p) {
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
          this.uart.write(this.lastReply);
          this.next();
          return;
        }
      }
    }
    let out = "";
    let finished = false;
    const emit = (text: string) => {
      const bytes = p.framed ? frame(seq || "0", text) : text + "\r\n";
      if (seq && out !== "!") out = out.length + bytes.length <= MAX_CACHED_REPLY ? out + bytes : "!";
      this.uart.write(bytes);
    };
    const finish = (text: string) => {
      if (finished) return;
      finished = true;
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
        if (!finished) emit(text);
      },
      ok: () => finish("OK"),
      err: (code) => finish(errLine(code)),
      handOff: () => {
        if (finished) return;
        finished = true;
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
