// Splits received bytes into lines (CR, LF or CR LF end a line), bounded:
// bytes from the line are untrusted, and a run without a line end longer
// than MAX is dropped and counted rather than kept.

export const MAX_LINE = 1100;

export class LineSplitter {
  private buf = "";
  overflows = 0;

  constructor(private onLine: (line: string) => void) {}

  feed(bytes: string): void {
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes.charCodeAt(i);
      if (c !== 13 && c !== 10) continue;
      const line = this.buf + bytes.slice(start, i);
      this.buf = "";
      start = i + 1;
      if (line.length) this.onLine(line);
    }
    this.buf += bytes.slice(start);
    if (this.buf.length > MAX_LINE) {
      this.buf = "";
      this.overflows++;
    }
  }

  /** The bytes since the last line end (a modem's "CONNECT" before its CR, a prompt). */
  get partial(): string {
    return this.buf;
  }
}
