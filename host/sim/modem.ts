// A simulated Hayes modem, good enough to test a driver against: command
// mode (AT, Z, E, V, Q, H, A, O, D, S-registers, &C, &D, &W, I), result
// codes verbal and numeric, RI pulses with a country's cadence, DCD, DTR
// (&D2: a DTR drop hangs up), a connect delay, and the escape (three of
// S2's character, "+" by default, between guard times of S12; S2 above 127
// disables it, kept by &W and restored by Z). Faults: dead, ERROR to chosen
// commands, garbage.
import { VirtualClock } from "./clock";
import { UartEnd } from "./wire";

/** Ring cadences: alternating on/off times in ms, one cycle. */
export const CADENCES = {
  us: [2000, 4000],
  japan: [1000, 2000],
  uk: [400, 200, 400, 2000],
};

/** Pins the modem drives and reads on its DTE: set by whoever wires it. */
export interface ModemPins {
  ri?(level: boolean): void;
  dcd?(level: boolean): void;
  /** Registers a callback for DTR changes. */
  onDtr?(cb: (level: boolean) => void): void;
}

export interface ModemOptions {
  cadence?: number[];
  /** Whether this modem reports rings as RI pulses, RING lines, or both. */
  riPin?: boolean;
  ringLines?: boolean;
  connectDelayMs?: number;
  rate?: number;
}

const NUMERIC: Record<string, string> = { OK: "0", CONNECT: "1", RING: "2", "NO CARRIER": "3", ERROR: "4", "NO DIALTONE": "6", BUSY: "7", "NO ANSWER": "8" };
// s2: the escape character (S2; above 127 the escape is disabled).
const VERBAL_DEFAULTS = { echo: true, verbal: true, quiet: false, dcdFollows: false, dtrHangs: false, s0: 0, s2: 43 };

export interface PhoneLineApi {
  dial(from: SimModem, number: string): boolean;
  answered(by: SimModem): SimModem | undefined;
  hangup(from: SimModem): void;
}

export class SimModem {
  readonly dte = new UartEnd("modem");
  /** Stored profile (&W) and the active settings. */
  private stored = { ...VERBAL_DEFAULTS };
  private set = { ...VERBAL_DEFAULTS };
  private s = new Array<number>(13).fill(0);
  private mode: "command" | "online" = "command";
  private buf = "";
  peer?: SimModem;
  line?: PhoneLineApi;
  ringing = false;
  rings = 0;
  private ringTimer = 0;
  private lastByteAt = -1e9;
  private plus = 0;
  private plusTimer = 0;
  private dialing = false;
  /** Everything the DTE sent in command mode, for tests. */
  readonly commands: string[] = [];
  /** Ring count when answered (ATA or S0), for tests. */
  answeredAtRing = 0;
  // Faults.
  dead = false;
  errorOn: string[] = [];
  /** A modem that stays connected when DTR drops (as with &D0). */
  ignoreDtr = false;
  private dtr = true;

  constructor(private clock: VirtualClock, private pins: ModemPins, private opts: ModemOptions = {}) {
    this.s[2] = 43;
    this.s[7] = 50;
    this.s[12] = 50;
    this.dte.onData((b) => this.fromDte(b));
    pins.onDtr?.((level) => {
      this.dtr = level;
      if (!level && this.set.dtrHangs && !this.ignoreDtr && (this.mode === "online" || this.peer)) this.hangup(false);
    });
    this.dcd(false);
  }

  get online(): boolean {
    return !!this.peer;
  }

  private dcd(carrier: boolean): void {
    // &C0: DCD always on; &C1: DCD follows the carrier.
    this.pins.dcd?.(this.set.dcdFollows ? carrier : true);
  }

  private result(word: string, extra = ""): void {
    if (this.set.quiet || this.dead) return;
    this.dte.write(this.set.verbal ? `\r\n${word}${extra}\r\n` : `${NUMERIC[word]}\r`);
  }

  // ---- from the DTE ----

  private fromDte(bytes: string): void {
    if (this.dead) return;
    if (this.mode === "online") return this.onlineBytes(bytes);
    for (const ch of bytes) {
      if (this.set.echo) this.dte.write(ch);
      // CR ends a command, as on a modem; a lone LF too, so that a terminal
      // sending LF only (nc) can dial the simulated line.
      if (ch === "\r" || ch === "\n") {
        const line = this.buf.trim();
        this.buf = "";
        if (line) this.command(line);
      } else if (ch === "\b" || ch === "\x7f") this.buf = this.buf.slice(0, -1);
      else if (this.buf.length < 80) this.buf += ch;
    }
  }

  /** An S-register's value, for tests. */
  sreg(n: number): number {
    return this.s[n];
  }

  /**
   * The escape: guard silence (S12, 1/50 s), three of the escape character
   * (S2, "+"; above 127 no escape) each within the guard, guard silence again.
   */
  private onlineBytes(bytes: string): void {
    const now = this.clock.now();
    const guard = this.s[12] * 20;
    const esc = this.s[2] <= 127 ? String.fromCharCode(this.s[2]) : "";
    if (esc && bytes === esc.repeat(bytes.length) && (this.plus > 0 || now - this.lastByteAt >= guard) && this.plus + bytes.length <= 3) {
      this.plus += bytes.length;
      this.lastByteAt = now;
      if (this.plus === 3) {
        this.plusTimer = this.clock.setTimeout(() => {
          this.plus = 0;
          this.mode = "command";
          this.result("OK");
        }, guard);
      }
      // The pluses still travel: the remote end sees them as data.
      this.peer?.toDte(bytes);
      return;
    }
    if (this.plusTimer) this.clock.clearTimeout(this.plusTimer);
    this.plusTimer = 0;
    this.plus = 0;
    this.lastByteAt = now;
    this.peer?.toDte(bytes);
  }

  /** Data from the far modem, for our DTE. */
  toDte(bytes: string): void {
    if (this.mode === "online") this.dte.write(bytes);
  }

  private command(line: string): void {
    this.commands.push(line);
    const up = line.toUpperCase();
    if (!up.startsWith("AT")) return this.result("ERROR");
    if (this.errorOn.some((p) => up.startsWith(p))) return this.result("ERROR");
    let i = 2;
    const num = () => {
      let n = "";
      while (i < up.length && /[0-9]/.test(up[i])) n += up[i++];
      return n === "" ? 0 : Number(n);
    };
    while (i < up.length) {
      const c = up[i++];
      if (c === " ") continue;
      if (c === "Z") {
        num();
        this.set = { ...this.stored };
        this.s[0] = this.set.s0;
        this.s[2] = this.set.s2;
      } else if (c === "E") this.set.echo = num() === 1;
      else if (c === "V") this.set.verbal = num() === 1;
      else if (c === "Q") this.set.quiet = num() === 1;
      else if (c === "H") {
        num();
        this.hangup(false);
      } else if (c === "A") return this.answer();
      else if (c === "O") {
        if (!this.peer) return this.result("NO CARRIER");
        this.mode = "online";
        return this.result("CONNECT", ` ${this.opts.rate ?? 9600}`);
      } else if (c === "D") return this.dial(up.slice(i).replace(/^[TP]/, ""));
      else if (c === "I") num();
      else if (c === "S") {
        const reg = num();
        if (up[i] === "=") {
          i++;
          this.s[reg] = num();
          if (reg === 0) this.set.s0 = this.s[0];
          if (reg === 2) this.set.s2 = this.s[2];
        } else if (up[i] === "?") {
          i++;
          this.dte.write(`\r\n${String(this.s[reg]).padStart(3, "0")}\r\n`);
        } else return this.result("ERROR");
      } else if (c === "&") {
        const d = up[i++];
        const v = num();
        if (d === "C") this.set.dcdFollows = v === 1;
        else if (d === "D") this.set.dtrHangs = v === 2;
        else if (d === "W") this.stored = { ...this.set, s0: this.s[0], s2: this.s[2] };
        else return this.result("ERROR");
        if (d === "C") this.dcd(!!this.peer);
      } else return this.result("ERROR");
    }
    this.result("OK");
  }

  // ---- calls ----

  /** An incoming call starts ringing this modem. */
  ring(): void {
    if (this.peer || this.ringing) return;
    this.ringing = true;
    this.rings = 0;
    this.s[1] = 0;
    const cadence = this.opts.cadence ?? CADENCES.us;
    let step = 0;
    const tick = () => {
      if (!this.ringing) return;
      const on = step % 2 === 0;
      if (!this.dead && this.opts.riPin !== false) this.pins.ri?.(on);
      if (on && step === 0) {
        this.rings++;
        this.s[1] = this.rings;
        if (this.opts.ringLines !== false && this.mode === "command") this.result("RING");
        if (this.s[0] > 0 && this.rings >= this.s[0] && !this.dead) {
          this.ringTimer = this.clock.setTimeout(() => this.answer(), 100);
          return;
        }
      }
      const ms = cadence[step];
      step = (step + 1) % cadence.length;
      this.ringTimer = this.clock.setTimeout(tick, ms);
    };
    tick();
  }

  /** Ringing stops: answered elsewhere, or the caller gave up. */
  stopRinging(): void {
    this.ringing = false;
    if (this.ringTimer) this.clock.clearTimeout(this.ringTimer);
    this.ringTimer = 0;
    this.pins.ri?.(false);
  }

  private answer(): void {
    if (!this.ringing || !this.line) {
      this.clock.setTimeout(() => this.result("NO CARRIER"), 500);
      return;
    }
    this.answeredAtRing = this.rings;
    const caller = this.line.answered(this);
    this.stopRinging();
    this.clock.setTimeout(() => {
      if (!caller || !caller.dialing) return this.result("NO CARRIER");
      caller.connected(this);
      this.connected(caller);
    }, this.opts.connectDelayMs ?? 2000);
  }

  private dial(number: string): void {
    if (!this.line || !this.line.dial(this, number.trim())) return this.result("NO ANSWER");
    this.dialing = true;
    // S7: seconds to wait for carrier.
    this.ringTimer = this.clock.setTimeout(() => {
      if (!this.dialing) return;
      this.dialing = false;
      this.line?.hangup(this);
      this.result("NO CARRIER");
    }, this.s[7] * 1000);
  }

  private connected(peer: SimModem): void {
    this.dialing = false;
    if (this.ringTimer) this.clock.clearTimeout(this.ringTimer);
    this.peer = peer;
    this.mode = "online";
    this.dcd(true);
    this.result("CONNECT", ` ${this.opts.rate ?? 9600}`);
  }

  /** Ends the call from this side (ATH, DTR drop) or because the far side went. */
  hangup(remote: boolean): void {
    const peer = this.peer;
    this.peer = undefined;
    this.mode = "command";
    this.dcd(false);
    if (this.dialing) {
      this.dialing = false;
      this.line?.hangup(this);
    }
    if (peer && !remote) peer.hangup(true);
    if (remote) this.result("NO CARRIER");
  }

  /** The phone line is cut: both ends lose carrier. */
  lineLost(): void {
    const peer = this.peer;
    if (!peer) return;
    this.hangup(true);
    peer.hangup(true);
  }

  /** Writes bytes of noise to the DTE, as a confused modem might. */
  garbage(bytes: string): void {
    this.dte.write(bytes);
  }

  get dtrLevel(): boolean {
    return this.dtr;
  }
}
