// Assembles console-port bytes into lines. Pure: no I/O, no timers.
//
// A line whose first byte is "!" is a framed line from a program: no echo,
// checksum checked later. Any other line is typed by a person: printable
// bytes are echoed, backspace/DEL edits. CR or LF ends a line; the LF of a
// CR LF pair is swallowed. Nothing here grows without bound.
import { Err } from "./errors";

/** Longest line accepted, in bytes, not counting its ending. */
export const MAX_LINE = 120;

export const enum LineState {
  /** Nothing of the current line seen yet. */
  Start,
  /** A person is typing: echo and edit. */
  Typed,
  /** A program's framed line: no echo. */
  Framed,
}

export interface LineSink {
  /** Bytes to send back as echo (typed lines only). */
  echo(bytes: string): void;
  /** A complete line; `fault` is 0 or the Err code that spoils it. */
  line(text: string, framed: boolean, fault: number): void;
}

export class LineReader {
  private state = LineState.Start;
  private buf = "";
  private fault = 0;
  private afterCR = false;

  constructor(private sink: LineSink) {}

  feed(bytes: string): void {
    for (let i = 0; i < bytes.length; i++) this.byte(bytes.charCodeAt(i));
  }

  private byte(c: number): void {
    const afterCR = this.afterCR;
    this.afterCR = c === 13;
    if (c === 13 || c === 10) {
      if (c === 10 && afterCR) return;
      this.end();
      return;
    }
    if (c === 8 || c === 127) {
      if (this.state === LineState.Typed) {
        if (this.buf.length > 0 && this.fault !== Err.LineTooLong) {
          this.buf = this.buf.substr(0, this.buf.length - 1);
          this.sink.echo("\b \b");
        }
        return;
      }
      if (this.state === LineState.Start) return;
    }
    if (c < 32 || c > 126) {
      // Not echoed: a control byte must never reach a terminal as one.
      if (!this.fault) this.fault = Err.ControlByte;
      if (this.state === LineState.Start) this.state = LineState.Typed;
      return;
    }
    if (this.state === LineState.Start) {
      this.state = c === 33 ? LineState.Framed : LineState.Typed;
    }
    if (this.buf.length >= MAX_LINE) {
      this.fault = Err.LineTooLong;
      return;
    }
    const ch = String.fromCharCode(c);
    this.buf += ch;
    if (this.state === LineState.Typed) this.sink.echo(ch);
  }

  private end(): void {
    const state = this.state;
    const text = this.buf;
    const fault = this.fault;
    this.state = LineState.Start;
    this.buf = "";
    this.fault = 0;
    if (state !== LineState.Framed) this.sink.echo("\r\n");
    if (state === LineState.Start) return;
    this.sink.line(text, state === LineState.Framed, fault);
  }
}
