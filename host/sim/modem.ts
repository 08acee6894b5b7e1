// A simulated Hayes modem, good enough to test a driver against and to be
// dialled by stock diallers (chat, wvdial, minicom): command mode (AT, Z,
// &F, E, V, Q, H, A, O, D, S-registers, &C, &D, &W, &V, I, A/, the
// settings a real modem takes and this one only stores, V.250 extended
// commands like +FCLASS), result codes verbal and numeric, RI pulses with a
// country's cadence, DCD, DTR (&D2: a DTR drop hangs up), a connect delay,
// a keypress abandoning a dial, and the escape (three of S2's character,
// "+" by default, between guard times of S12; S2 above 127 disables it,
// kept by &W and restored by Z).
// Faults: dead, ERROR to chosen commands, garbage.
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

/** Basic settings a real modem accepts, with their highest value: X result set, M/L speaker, W connect message, B, N, Y. */
const BASIC_SETTINGS: Record<string, number> = { X: 4, M: 3, L: 3, W: 2, B: 1, N: 1, Y: 1 };
/** &, \ and % settings with their highest value (&C and &D also act). */
const PREFIXED_SETTINGS: Record<string, number> = { "&C": 1, "&D": 3, "&K": 6, "&Q": 6, "&S": 1, "&Y": 1, "&G": 2, "&R": 1, "&B": 1, "&M": 0, "&L": 1, "\\N": 7, "\\Q": 3, "%C": 3, "%E": 2 };
/** Factory values of those, as AT&V shows them. */
const CODE_DEFAULTS: Record<string, number> = { X: 4, M: 1, L: 2, W: 0, "&C": 0, "&D": 0, "&K": 3, "&S": 0 };
const SHOWN_REGISTERS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12];
const IDENTIFICATION = "smc-chain-firmware simulated Hayes modem (host/sim/modem.ts), 9600 bps";
/** V.250 identification commands. */
const EXTENDED_INFO: Record<string, string> = {
  GMI: "smc-chain-firmware",
  GMM: "simulated Hayes modem",
  GMR: "1.0",
  GSN: "0",
  GCAP: "+GCAP: +FCLASS, +MS, +ES, +DS",
};
/** V.250 parameters: a default value, the range =? lists, and the only values taken where it matters (a data modem: class 0). */
const EXTENDED_SETTINGS: Record<string, { value: string; range: string; only?: string[] }> = {
  FCLASS: { value: "0", range: "(0)", only: ["0"] },
  IPR: { value: "0", range: "(0,300,1200,2400,4800,9600,19200,38400,57600,115200)" },
  IFC: { value: "2,2", range: "(0-2),(0-2)" },
  ICF: { value: "3,3", range: "(1-6),(0-3)" },
  MS: { value: "V32B,1,300,9600,300,9600", range: "(V21,V22,V22B,V32,V32B),(0,1),(300-9600),(300-9600)" },
  ES: { value: "3,0,2", range: "(0-4),(0-4),(0-4)" },
  DS: { value: "3,0,2048,32", range: "(0-3),(0),(512-2048),(6-32)" },
  ER: { value: "0", range: "(0,1)" },
  DR: { value: "0", range: "(0,1)" },
};

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
  /** What ended the last command line (CR or LF), for a dial's trailing LF. */
  private lastEnd = "";
  private lastCommand = "";
  private lastNumber = "";
  /** Settings kept only to be shown by &V (speaker, result set, flow control...). */
  private codes: Record<string, number> = { ...CODE_DEFAULTS };
  private storedCodes: Record<string, number> = { ...CODE_DEFAULTS };
  private ext: Record<string, string> = {};
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
      if (this.dialing) {
        // A typed character abandons a dial, as on a real modem; the LF of
        // a CR LF that ended the dial command is not a keypress.
        if (ch === "\n" && this.lastEnd === "\r") {
          this.lastEnd = "";
          continue;
        }
        this.abortDial();
        continue;
      }
      if (this.set.echo) this.dte.write(ch);
      // CR ends a command, as on a modem; a lone LF too, so that a terminal
      // sending LF only (nc) can dial the simulated line.
      if (ch === "\r" || ch === "\n") {
        const line = this.buf.trim();
        this.buf = "";
        this.lastEnd = ch;
        if (line) this.command(line);
      } else if (ch === "\b" || ch === "\x7f") this.buf = this.buf.slice(0, -1);
      else if (this.buf.length < 80) this.buf += ch;
      // A/ runs at once, with no CR, as on a Hayes modem.
      if (this.buf.toUpperCase() === "A/") {
        this.buf = "";
        this.command("A/");
      }
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
    // A/ repeats the last command line.
    if (up === "A/") return this.lastCommand ? this.command(this.lastCommand) : this.result("ERROR");
    if (!up.startsWith("AT")) return this.result("ERROR");
    this.lastCommand = line;
    if (this.errorOn.some((p) => up.startsWith(p))) return this.result("ERROR");
    let i = 2;
    const num = () => {
      let n = "";
      while (i < up.length && /[0-9]/.test(up[i])) n += up[i++];
      return n === "" ? 0 : Number(n);
    };
    /** A numeric argument up to `max`, or -1: a real modem answers ERROR to one out of range. */
    const arg = (max: number) => {
      const v = num();
      return v <= max ? v : -1;
    };
    while (i < up.length) {
      const c = up[i++];
      if (c === " ") continue;
      if (c === "Z") {
        if (arg(1) < 0) return this.result("ERROR");
        this.set = { ...this.stored };
        this.codes = { ...this.storedCodes };
        this.s[0] = this.set.s0;
        this.s[2] = this.set.s2;
      } else if (c === "E" || c === "V" || c === "Q") {
        const v = arg(1);
        if (v < 0) return this.result("ERROR");
        if (c === "E") this.set.echo = v === 1;
        else if (c === "V") this.set.verbal = v === 1;
        else this.set.quiet = v === 1;
      } else if (c in BASIC_SETTINGS) {
        const v = arg(BASIC_SETTINGS[c]);
        if (v < 0) return this.result("ERROR");
        this.codes[c] = v;
      } else if (c === "T" || c === "P") continue;
      else if (c === "H") {
        if (arg(1) < 0) return this.result("ERROR");
        this.hangup(false);
      } else if (c === "A") return this.answer();
      else if (c === "O") {
        if (arg(1) < 0) return this.result("ERROR");
        if (!this.peer) return this.result("NO CARRIER");
        this.mode = "online";
        return this.result("CONNECT", ` ${this.opts.rate ?? 9600}`);
      } else if (c === "D") return this.dial(up.slice(i));
      else if (c === "I") {
        if (arg(9) < 0) return this.result("ERROR");
        this.info(IDENTIFICATION);
      } else if (c === "S") {
        const reg = num();
        if (reg > 255) return this.result("ERROR");
        if (up[i] === "=") {
          i++;
          const v = arg(255);
          if (v < 0) return this.result("ERROR");
          this.s[reg] = v;
          if (reg === 0) this.set.s0 = this.s[0];
          if (reg === 2) this.set.s2 = this.s[2];
        } else if (up[i] === "?") {
          i++;
          this.info(String(this.s[reg] ?? 0).padStart(3, "0"));
        } else return this.result("ERROR");
      } else if (c === "&" || c === "\\" || c === "%") {
        const d = up[i++];
        const v = num();
        const key = c + d;
        if (key === "&F") {
          this.set = { ...VERBAL_DEFAULTS };
          this.codes = { ...CODE_DEFAULTS };
          this.s[0] = this.set.s0;
          this.s[2] = this.set.s2;
        } else if (key === "&V") this.info(this.profile());
        else if (key === "&W") {
          this.stored = { ...this.set, s0: this.s[0], s2: this.s[2] };
          this.storedCodes = { ...this.codes };
        } else if (key in PREFIXED_SETTINGS && v <= PREFIXED_SETTINGS[key]) {
          this.codes[key] = v;
          if (key === "&C") this.set.dcdFollows = v === 1;
          else if (key === "&D") this.set.dtrHangs = v === 2;
        } else return this.result("ERROR");
        if (key === "&C") this.dcd(!!this.peer);
      } else if (c === "+") {
        // V.250 extended syntax: +NAME, +NAME=value, +NAME? or +NAME=?, up to ";".
        let end = up.indexOf(";", i);
        if (end < 0) end = up.length;
        if (!this.extended(up.slice(i, end))) return this.result("ERROR");
        i = end + 1;
      } else return this.result("ERROR");
    }
    this.result("OK");
  }

  /** Information text, framed as a real modem frames it before the result code. */
  private info(text: string): void {
    if (this.dead) return;
    const lines = text.split("\n").join("\r\n");
    this.dte.write(this.set.verbal ? `\r\n${lines}\r\n` : `${lines}\r\n`);
  }

  /** One V.250 extended command; false answers ERROR. */
  private extended(cmd: string): boolean {
    const m = /^([A-Z0-9]+)(=\?|=|\?)?(.*)$/.exec(cmd);
    if (!m) return false;
    const [, name, op, value] = m;
    if (name in EXTENDED_INFO) {
      if (op === "=?") return true;
      if (op) return false;
      this.info(EXTENDED_INFO[name]);
      return true;
    }
    const spec = EXTENDED_SETTINGS[name];
    if (!spec) return false;
    if (op === "=?") this.info(`+${name}: ${spec.range}`);
    else if (op === "?") this.info(`+${name}: ${this.ext[name] ?? spec.value}`);
    else if (op === "=") {
      if (spec.only && !spec.only.includes(value.trim())) return false;
      this.ext[name] = value.trim();
    } else return false;
    return true;
  }

  /** What AT&V shows: the active settings and registers, then the stored profile. */
  private profile(): string {
    const show = (p: typeof VERBAL_DEFAULTS, codes: Record<string, number>) =>
      [`E${+p.echo}`, `Q${+p.quiet}`, `V${+p.verbal}`, ...Object.keys(codes).map((k) => k + codes[k])].join(" ");
    const reg = (n: number, v: number | undefined) => `S${String(n).padStart(2, "0")}:${String(v ?? 0).padStart(3, "0")}`;
    const regs = SHOWN_REGISTERS.map((n) => reg(n, this.s[n])).join(" ");
    return ["ACTIVE PROFILE:", show(this.set, this.codes), regs, "", "STORED PROFILE 0:", show(this.stored, this.storedCodes), reg(0, this.stored.s0)].join("\n");
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

  /**
   * ATD: tone/pulse, pauses, waits and punctuation are dialling detail with
   * no meaning on the simulated line; L redials the last number.
   */
  private dial(dialString: string): void {
    let number = dialString.replace(/[TPW,@!;\s()\-]/g, "");
    if (number === "L") number = this.lastNumber;
    if (!/^[0-9*#A-D]+$/.test(number)) return this.result("ERROR");
    this.lastNumber = number;
    if (this.peer) return this.result("ERROR");
    if (!this.line || !this.line.dial(this, number)) return this.result("NO ANSWER");
    this.dialing = true;
    // S7: seconds to wait for carrier.
    this.ringTimer = this.clock.setTimeout(() => {
      if (!this.dialing) return;
      this.dialing = false;
      this.line?.hangup(this);
      this.result("NO CARRIER");
    }, this.s[7] * 1000);
  }

  /** A keypress during a dial: the call attempt is abandoned. */
  private abortDial(): void {
    this.dialing = false;
    if (this.ringTimer) this.clock.clearTimeout(this.ringTimer);
    this.ringTimer = 0;
    this.line?.hangup(this);
    this.result("NO CARRIER");
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

  /**
   * Its DTE went away (the terminal closed, as a DTR drop): the call or the
   * dial ends, whatever &D says, and the next DTE finds the stored profile
   * and an empty command line, not the last user's call.
   */
  dteGone(): void {
    if (this.plusTimer) this.clock.clearTimeout(this.plusTimer);
    this.plusTimer = 0;
    this.plus = 0;
    this.buf = "";
    this.hangup(false);
    this.set = { ...this.stored };
    this.codes = { ...this.storedCodes };
    this.s[0] = this.set.s0;
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
