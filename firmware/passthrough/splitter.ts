// In pass-through wiring, while a call goes on through this SMC, each line
// from the caller is either this SMC's (it names this SMC's ID, or it is an
// AUTH with this SMC's credentials: paragraph 0077 of the seed) or the next
// SMC's. The first word decides (an AUTH is held to its end), and is held
// only while it could still be this SMC's ID or an AUTH; the next SMC sees
// every other byte as sent. Pure: no I/O, no timers.

/** Bytes held while the first word is unknown; a longer first word goes on. */
const MAX_HELD = 8;
/** An AUTH line is held whole, up to the console's line limit. */
const MAX_AUTH = 130;

/** Without trailing CR/LF (no regex quantifiers: Espruino's fail silently). */
function trimEnd(s: string): string {
  let n = s.length;
  while (n > 0 && (s.charCodeAt(n - 1) === 13 || s.charCodeAt(n - 1) === 10)) n--;
  return s.substr(0, n);
}

function startsWith(whole: string, part: string): boolean {
  return whole.substr(0, part.length) === part;
}

export const enum LineOwner {
  /** First word not yet known: bytes held. */
  Unknown,
  Mine,
  Theirs,
  /** An AUTH: held to its end, then decided. */
  Auth,
}

export interface SplitterSink {
  /** Bytes for this SMC's console port. */
  mine(bytes: string): void;
  /** Bytes for the next SMC. */
  theirs(bytes: string): void;
  /** Whether a complete AUTH line carries this SMC's credentials. */
  ownAuth(line: string): boolean;
}

export class LineSplitter {
  private owner = LineOwner.Unknown;
  private held = "";

  constructor(private myId: number, private sink: SplitterSink) {}

  feed(bytes: string): void {
    for (let i = 0; i < bytes.length; i++) this.byte(bytes.charAt(i));
  }

  private byte(ch: string): void {
    const end = ch === "\r" || ch === "\n";
    if (this.owner === LineOwner.Mine) this.sink.mine(ch);
    else if (this.owner === LineOwner.Theirs) this.sink.theirs(ch);
    else {
      this.held += ch;
      if (this.owner === LineOwner.Auth) {
        if (end) this.decideAuth();
        else if (this.held.length > MAX_AUTH) this.release(LineOwner.Theirs);
      } else this.decide(end);
      return;
    }
    if (end) this.owner = LineOwner.Unknown;
  }

  private decide(end: boolean): void {
    // The first word, after a framed line's "!seq " if there is one.
    let text = this.held;
    if (text.charAt(0) === "!") {
      const sp = text.indexOf(" ");
      if (sp < 0 && !end && text.length < MAX_HELD) return;
      text = sp < 0 ? "" : text.substr(sp + 1);
    }
    const sp = text.indexOf(" ");
    const word = trimEnd(sp < 0 ? text : text.substr(0, sp)).toUpperCase();
    if (sp < 0 && !end && this.held.length < MAX_HELD + 6) {
      // Hold a first word only while it could still be this SMC's ID or an
      // AUTH: a line for an SMC further on then loses a byte or two at each
      // hop, not the whole word.
      if (!word.length || startsWith("@" + this.myId, word) || startsWith("AUTH", word)) return;
      return this.release(LineOwner.Theirs);
    }
    if (word === "@" + this.myId) return this.release(LineOwner.Mine);
    if (word === "AUTH" && !end) {
      this.owner = LineOwner.Auth;
      return;
    }
    this.release(LineOwner.Theirs);
  }

  private decideAuth(): void {
    let line = trimEnd(this.held);
    const star = line.lastIndexOf("*");
    if (line.charAt(0) === "!") line = line.substring(line.indexOf(" ") + 1, star < 0 ? line.length : star);
    this.release(this.sink.ownAuth(line) ? LineOwner.Mine : LineOwner.Theirs);
  }

  private release(owner: LineOwner): void {
    const held = this.held;
    this.held = "";
    this.owner = owner;
    // Hand the held bytes over one by one, so a line end among them resets.
    for (let i = 0; i < held.length; i++) this.byte(held.charAt(i));
  }
}
