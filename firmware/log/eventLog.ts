// The event log: one record per event, "<seq> <uptime ms> <code> <text>",
// or "<seq> <uptime ms>@<unix s> <code> <text>" once the wall clock is
// known, appended to a record file in flash so it survives reboot. Records
// are numbered from 1; record n is the record file's record n - 1, so a
// number is never given twice and a missing record shows as a gap. A reader
// of the older form reads the newer one too: parseInt of "60231@1796133600"
// is the uptime.
//
// The wall clock lives here, as everything that stamps a time does: an SMC
// has no clock of its own, so it keeps the offset from its HAL clock to Unix
// time that a console (TIME, IPMI Set SEL Time) or a neighbour's heartbeat
// gave it (docs/protocol.md, "Wall-clock time"). It lasts while the SMC runs,
// across calls; a power cut or a reboot forgets it (uptime again until the
// next setting).
import { Clock, Store } from "../hal";

/** Where each record is echoed as it is written: the board's own console (`System.log`). */
export interface LogEcho {
  log(line: string): void;
}

export const LOG_FILE = "evlog";
/** Flash writes allowed in a burst, and the time that earns one more: a flapping input cannot wear the flash out (a const enum: no variable on a board). */
const enum Rate {
  Burst = 30,
  RefillMs = 2000,
}

export class EventLog {
  /** The newest record's number (records ever written, as numbering starts at 1). */
  seq: number;
  /** Unix time in ms minus the HAL clock's reading; meaningful while `g` is not 0. */
  private w = 0;
  /** The wall clock's generation (docs/protocol.md, "Wall-clock time"): 0 unknown, 1..255 each setting by a console the next; a neighbour's newer one is adopted. */
  g = 0;
  private tokens = Rate.Burst;
  private refilled = -1;
  /** Events seen but not written because of the rate limit. */
  private suppressed = 0;
  /** Records the flash refused since the last one it took. */
  private lost = 0;

  /** Clock reading at boot: records carry ms since boot, as STATUS's UPTIME (a board's clock may be unset, or wall time on Linux). */
  private origin: number;

  constructor(private store: Store, private clock: Clock, private echo: LogEcho) {
    // Numbering goes on across reboots: the log in flash survives them.
    this.seq = store.recordCount(LOG_FILE);
    this.origin = clock.now();
  }

  /**
   * Unix seconds now, 0 while unknown. With `set` (Unix seconds, fractions
   * allowed) the clock is set first, to generation `gen` (a neighbour's
   * heartbeat) or to the next one. With `why` (a console's TIME, IPMI, the
   * SMC before in pass-through) a setting a second or less off keeps the
   * generation and writes nothing (smc-console sets it every call); one
   * that moves the clock makes the next generation and writes a TIME record
   * `why` with the step. One method for all: each costs variables.
   */
  time(set?: number, gen?: number, why?: string): number {
    const now = this.clock.now();
    if (set) {
      const was = this.g ? Math.floor((now + this.w) / 1000) : 0;
      const keep = why !== undefined && was && set - was <= 1 && was - set <= 1;
      this.w = set * 1000 - now;
      this.g = keep ? this.g : gen || (this.g % 255) + 1;
      if (why !== undefined && !keep) this.add("TIME", why + (was ? ", " + (set - was >= 0 ? "+" : "") + (set - was) + " s" : ", was unknown"));
    }
    return this.g ? Math.floor((now + this.w) / 1000) : 0;
  }

  /** False when the rate limit held the record back (it is counted, not written). */
  add(code: string, text: string): boolean {
    const wall = this.time();
    const now = Math.floor(this.clock.now() - this.origin);
    if (this.refilled < 0) this.refilled = now;
    const earned = Math.floor((now - this.refilled) / Rate.RefillMs);
    if (earned > 0) {
      this.tokens = Math.min(Rate.Burst, this.tokens + earned);
      this.refilled += earned * Rate.RefillMs;
    }
    if (this.tokens < 1 || (this.suppressed && this.tokens < 2)) {
      this.suppressed++;
      this.echo.log("- " + now + " " + code + " " + text + " (not written: rate limit)");
      return false;
    }
    // Up to three records, in this order: how many the rate limit held
    // back, how many the flash refused, and this one. A full or failing
    // flash must not stop the SMC: a refused record is lost (its number goes
    // to the next one, which the flash will hold at its place), the console
    // copy remains, and a count of the lost ones follows.
    for (let j = 0; j < 3; j++) {
      let c = code;
      let x = text;
      if (j === 0) {
        if (!this.suppressed) continue;
        c = "LOG";
        x = this.suppressed + " events not written (rate limit)";
        this.suppressed = 0;
      } else if (j === 1) {
        if (!this.lost) continue;
        c = "LOG";
        x = this.lost + " events not written (flash refused them)";
      }
      this.tokens--;
      const record = ++this.seq + " " + now + (wall ? "@" + wall : "") + " " + c + " " + x;
      this.echo.log(record);
      const ok = this.store.append(LOG_FILE, record);
      if (!ok) this.seq--;
      if (j === 1 && ok) this.lost = 0;
      if (j === 2 && !ok) this.lost++;
    }
    // A record the flash refused is counted above, not held back: true.
    return true;
  }

  // Reading is the store's (LOG_FILE's records from number - 1; the oldest
  // kept is the number its record from 0 starts with): no method of its own
  // here, each costs variables.

  /** Erases every record (admin); the erase itself is the first new record. */
  clear(): void {
    const n = this.seq;
    this.store.eraseRecords(LOG_FILE);
    this.seq = 0;
    this.add("LOG", "cleared " + n + " records");
  }
}
