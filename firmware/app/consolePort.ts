// The console protocol on one port: lines in, one command at a time, replies
// out (echoed and plain for people, framed for programs). See
// docs/protocol.md.
//
// The port is its line reader's sink (echo, line) and runs one command at
// a time:
//
//   Idle --line--> Running (next: parse, dispatch) --final line / handOff--> next
//        (Running: up to Q.MaxQueued lines wait; one more is ERR busy at once)
//   any --reset (a call's end or start)--> Idle, everything of the call gone
//
// The running command answers through an Answer, which holds only the port
// and the command's number: the command's seq, framing and retry-cache text
// are the port's (one command runs at a time), and an Answer whose number
// is not the running command's (its call ended, or it answered already)
// writes nothing.
import { Command, Err, errLine, frame, LineReader, LineSink, parseCommand, parseFramed, Reply } from "../protocol";
import { SmcContext } from "./context";
import { ipmi } from "./ipmi";

/** Where replies go: the modem while a call is up, or a directly wired terminal. */
export interface Writer {
  write(bytes: string): void;
}

// Constants as a const enum: inlined where used, no variable on a board.
const enum Q {
  /** Lines accepted while a command runs; one more gets ERR busy at once. */
  MaxQueued = 4,
  /** Largest framed reply kept for answering a retried seq without re-running it. */
  MaxCachedReply = 1024,
}

/** The SMC (app/unit.ts): commands go to its run; IPMI lines ("[", docs/ipmi.md) to ipmi() with it. */
interface Dispatcher extends SmcContext {
  run(cmd: Command, reply: Reply): void;
}

/** A line waiting to run: its text (a framed line's body), seq ("" when typed or spoiled), whether framed, its fault (0 or an Err). */
interface Pending {
  text: string;
  seq: string;
  framed: boolean;
  fault: number;
}

export const enum Out {
  /** A data line. */
  Line,
  /** The final line. */
  Final,
  /** No final line here: another SMC answers (pass-through). */
  HandOff,
}

/** The Reply of the running command (see the header). */
class Answer implements Reply {
  constructor(
    private p: ConsolePort,
    private n: number,
  ) {}
  line(text: string): void {
    this.p.out(this.n, Out.Line, text);
  }
  ok(): void {
    this.p.out(this.n, Out.Final, "OK");
  }
  err(code: number, why?: string): void {
    this.p.out(this.n, Out.Final, errLine(code, why));
  }
  handOff(): void {
    this.p.out(this.n, Out.HandOff, "");
  }
}

export class ConsolePort implements LineSink {
  private reader: LineReader;
  private queue: Pending[] = [];
  /**
   * The running command's number, 0 while none runs. Numbers run on across
   * calls, so the reply of a command of an ended call (a POWER OFF still
   * holding the button, a search still under way) is recognised and dropped.
   * The unit's tick ends one the interpreter stopped (app/unit.ts, mend).
   */
  running = 0;
  private cmdNo = 0;
  /** The running command's seq ("": typed) and whether it is framed. */
  private seq = "";
  private framed = false;
  /** The running command's framed reply so far, for the retry cache; "!": not kept (too large, or a spoiled line, to be read afresh). */
  private kept = "";
  private lastSeq = "";
  private lastReply = "";
  /** Whether a call is up: no line is read or run while none is. */
  private up: boolean;
  /** Echoed "+" bytes held back until the next byte (see echo). */
  private held = "";
  /** Lines refused because the queue was full; for STATUS and tests. */
  refused = 0;

  /** `up`: a call is up from the start (a terminal wired directly). */
  constructor(
    private uart: Writer,
    private dispatcher: Dispatcher,
    up: boolean,
  ) {
    this.up = up;
    this.reader = new LineReader(this);
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
    this.up = up;
    this.queue = [];
    this.running = 0;
    this.lastSeq = "";
    this.lastReply = "";
    this.held = "";
    this.reader = new LineReader(this);
  }

  /**
   * Everything written goes through here (the reader's echo, and replies),
   * and never leaves "+" as the last byte sent: held back until the next
   * byte, a typed "+++" between pauses can never reach the modem as its own
   * escape from its DTE (docs/modem.md). Replies end in CR LF, so only echo
   * is ever held.
   */
  echo(bytes: string): void {
    // Nothing held and no "+" at the end (every reply line): written as it
    // is. No copy: a reply line is a command's worst moment on a board
    // (docs/bench.md, "Lazy loading").
    if (!this.held && bytes && bytes.charCodeAt(bytes.length - 1) !== 43) return this.uart.write(bytes);
    const s = this.held + bytes;
    let n = s.length;
    while (n > 0 && s.charCodeAt(n - 1) === 43) n--;
    this.held = s.substr(n);
    if (n) this.uart.write(s.substr(0, n));
  }

  /** A line from the reader; a framed one's seq and body are read here, once. */
  line(text: string, framed: boolean, fault: number): void {
    let seq = "";
    if (framed) {
      // A spoiled line too is answered with its seq where its CRC checks.
      const f = parseFramed(text);
      if (!f) fault = fault || Err.BadChecksum;
      else {
        seq = f.seq;
        text = f.body;
      }
    }
    if (this.queue.length >= Q.MaxQueued) {
      this.refused++;
      this.echo(framed ? frame(seq || "0", errLine(Err.Busy)) : errLine(Err.Busy) + "\r\n");
      return;
    }
    this.queue.push({ text: text, seq: seq, framed: framed, fault: fault });
    if (!this.running) this.next();
  }

  /** Runs the next queued line, if a call is up. */
  private next(): void {
    const p = this.queue.shift();
    this.running = 0;
    if (!p || !this.up) return;
    const seq = p.seq;
    if (seq && !p.fault && seq === this.lastSeq) {
      // A retry of the request just answered: its reply was lost, the
      // command must not run twice.
      this.echo(this.lastReply);
      return this.next();
    }
    this.running = ++this.cmdNo;
    this.seq = seq;
    this.framed = p.framed;
    this.kept = p.fault ? "!" : "";
    const reply = new Answer(this, this.running);
    // A typed "[" line is IPMI Terminal Mode: answered in its own form, a spoiled one too.
    if (!p.framed && p.text.charAt(0) === "[") return ipmi(this.dispatcher, p.text, reply, p.fault);
    if (p.fault) return reply.err(p.fault);
    const cmd = parseCommand(p.text);
    if (typeof cmd === "number") return reply.err(cmd);
    if (seq) cmd.seq = seq;
    this.dispatcher.run(cmd, reply);
  }

  /** A line of command `n`'s answer (Answer's methods); nothing when `n` is not running. */
  out(n: number, what: Out, text: string): void {
    if (n !== this.running) return;
    const seq = this.seq;
    if (what !== Out.HandOff && !this.framed) {
      // Typed: the line, then its end, not a copy of the line with it.
      this.echo(text);
      this.echo("\r\n");
    } else if (what !== Out.HandOff) {
      const bytes = frame(seq || "0", text);
      if (seq && this.kept !== "!") this.kept = this.kept.length + bytes.length <= Q.MaxCachedReply ? this.kept + bytes : "!";
      this.echo(bytes);
    }
    if (what === Out.Line) return;
    // A reply too large to keep ("!") is produced again on a retry; only
    // read-only commands answer that much. A command another SMC answers
    // leaves nothing to repeat here.
    const keep = what === Out.Final && seq && this.kept !== "!";
    this.lastSeq = keep ? seq : "";
    this.lastReply = keep ? this.kept : "";
    this.next();
  }
}
