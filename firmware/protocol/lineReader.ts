// Assembles console-port bytes into lines. Pure: no I/O, no timers.
//
// A line whose first byte is "!" is a framed line from a program: no echo,
// no editing, checksum checked later; its bytes are taken up to the line
// end with native searches, not one by one. Any other line is typed by a
// person and edited as a terminal user expects: printable bytes are echoed
// (a password's as "*"), BS/DEL erase the last byte, Ctrl-U the whole line,
// Ctrl-C abandons it, Tab is a space, and a terminal's escape sequences
// (arrow and function keys) are swallowed whole. CR or LF ends a line; the LF of a CR LF pair is
// swallowed. Nothing here grows without bound.
import { Err } from "./errors";

// Constants as a const enum: inlined where used, no variable on a board.
const enum Lr {
  /** Longest line accepted, in bytes, not counting its ending. */
  MaxLine = 120,
  /** Longest escape sequence swallowed (parameter bytes); a longer one spoils the line. */
  MaxEscape = 16,
}
/** Lr.MaxLine for the host's tools (not in a bundle: nothing there reads it). */
export const MAX_LINE: number = Lr.MaxLine;

const enum LineState {
  /** Nothing of the current line seen yet. */
  Start,
  /** A person is typing: echo and edit. */
  Typed,
  /** A program's framed line: no echo. */
  Framed,
}

/** Where a typed line is in an escape sequence (ECMA-48). */
const enum Esc {
  None,
  /** ESC seen. */
  Begun,
  /** ESC [: parameter and intermediate bytes 0x20-0x3F until a final byte 0x40-0x7E. */
  Csi,
  /** ESC O: one final byte. */
  Ss3,
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
  private esc = Esc.None;
  private escLen = 0;
  /** Echo not yet handed to the sink: one write per chunk fed, not per byte. */
  private out = "";

  constructor(private sink: LineSink) {}

  feed(bytes: string): void {
    const n = bytes.length;
    let i = 0;
    while (i < n) {
      if (this.state === LineState.Framed) {
        // A framed line's bytes up to its end, with native searches.
        let end = bytes.indexOf("\r", i);
        const lf = bytes.indexOf("\n", i);
        if (end < 0 || (lf >= 0 && lf < end)) end = lf;
        const stop = end < 0 ? n : end;
        if (stop > i) {
          let part = bytes.substring(i, stop);
          this.afterCR = false;
          if (/[^ -~]/.test(part)) {
            if (!this.fault) this.fault = Err.ControlByte;
            part = part.replace(/[^ -~]/g, "");
          }
          const room = Lr.MaxLine - this.buf.length;
          if (part.length > room) {
            this.fault = Err.LineTooLong;
            part = part.substr(0, room);
          }
          this.buf += part;
        }
        if (end < 0) break;
        i = end;
      }
      this.byte(bytes.charCodeAt(i++));
    }
    const out = this.out;
    this.out = "";
    if (out) this.sink.echo(out);
  }

  /** One byte: line end, typed-line editing, escape sequences, or part of the line. */
  private byte(c: number): void {
    const afterCR = this.afterCR;
    this.afterCR = c === 13;
    const esc = this.esc;
    if (esc) {
      // Inside an escape sequence: swallowed while it is one.
      if (esc === Esc.Begun && (c === 91 || c === 79)) {
        this.esc = c === 91 ? Esc.Csi : Esc.Ss3;
        return;
      }
      if (esc === Esc.Csi && c >= 32 && c <= 63 && ++this.escLen <= Lr.MaxEscape) return;
      this.esc = Esc.None;
      if (esc !== Esc.Begun && c >= 64 && c <= 126) return;
      // A lone ESC, ESC + another byte, a control byte or an overlong
      // sequence: the line is spoiled, and the byte counts as itself.
      if (!this.fault) this.fault = Err.ControlByte;
      if (this.state === LineState.Start) this.state = LineState.Typed;
    }
    if (c === 13 || c === 10) {
      if (c === 10 && afterCR) return;
      // The line's end.
      const state = this.state;
      const text = this.buf;
      const fault = this.fault;
      this.state = LineState.Start;
      this.buf = "";
      this.fault = 0;
      if (state !== LineState.Framed) this.out += "\r\n";
      const out = this.out;
      this.out = "";
      if (out) this.sink.echo(out);
      if (state !== LineState.Start) this.sink.line(text, state === LineState.Framed, fault);
      return;
    }
    if (this.state !== LineState.Framed) {
      // Typed-line editing; in a framed line these are control bytes.
      if (c === 27) {
        this.esc = Esc.Begun;
        this.escLen = 0;
        return;
      }
      if (c === 3 || c === 21) {
        // Ctrl-C: the line is abandoned, as at a shell prompt; Ctrl-U: erase
        // the line as typed, as a terminal's line discipline does.
        if (c === 3) this.out += "^C\r\n";
        else for (let i = 0; i < this.buf.length; i++) this.out += "\b \b";
        this.state = LineState.Start;
        this.buf = "";
        this.fault = 0;
        return;
      }
      if (c === 9) c = 32;
      if (c === 8 || c === 127) {
        if (this.state === LineState.Typed && this.buf.length > 0 && this.fault !== Err.LineTooLong) {
          this.buf = this.buf.substr(0, this.buf.length - 1);
          this.out += "\b \b";
        }
        return;
      }
    }
    if (c < 32 || c > 126) {
      // A control byte spoils the line; it is not echoed: it must never reach a terminal as one.
      if (!this.fault) this.fault = Err.ControlByte;
      if (this.state === LineState.Start) this.state = LineState.Typed;
      return;
    }
    if (this.state === LineState.Start) {
      this.state = c === 33 ? LineState.Framed : LineState.Typed;
    }
    if (this.buf.length >= Lr.MaxLine) {
      this.fault = Err.LineTooLong;
      return;
    }
    const ch = String.fromCharCode(c);
    this.buf += ch;
    if (this.state !== LineState.Typed) return;
    // A password is echoed as "*": not on the screen, in a terminal's
    // scrollback or a session log. Which word is one is read from the words
    // typed so far (upper case, runs of spaces as one), each time: a line
    // erased back into an earlier word masks as it was typed. The words:
    // [@id] AUTH <user> <password>, [@id] AUTH HMAC <user> <proof>,
    // [@id] CONFIG PASSWORD <new> ..., [SYS PWD -U <user> <password>] and
    // [SYS PWD -N <password>]. A word is counted, not a function of its
    // own: a function object costs a board ~7 variables for good.
    let hide = false;
    if (c !== 32 && c !== 93) {
      const u = this.buf.toUpperCase().split(" ");
      let n = 0;
      let o = 0;
      let at = -1;
      for (let i = 0; i < u.length; i++) {
        const w = u[i];
        if (!w) continue;
        if (n === 0 && w.charAt(0) === "@") o = 1;
        else if (n === o && w === "AUTH") at = o + 2;
        else if (n === o + 1 && at === o + 2 && w === "HMAC") at = o + 3;
        else if (n === o && w === "CONFIG") at = -2;
        else if (n === o + 1 && at === -2 && w === "PASSWORD") at = o + 2;
        else if (n === 0 && w === "[SYS") at = -3;
        else if (n === 1 && at === -3 && w === "PWD") at = -4;
        else if (n === 2 && at === -4) at = w === "-U" ? 4 : w === "-N" ? 3 : -1;
        n++;
      }
      hide = n - 1 === at;
    }
    this.out += hide ? "*" : ch;
  }
}
