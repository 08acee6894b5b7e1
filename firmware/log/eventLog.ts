// The event log: one record per event, "<seq> <uptime ms> <code> <text>",
// appended to a record file in flash so it survives reboot. Records are
// numbered from 1; record n is the record file's record n - 1, so a number
// is never given twice and a missing record shows as a gap.
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
  private seq: number;
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

  /** False when the rate limit held the record back (it is counted, not written). */
  add(code: string, text: string): boolean {
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
      const record = ++this.seq + " " + now + " " + c + " " + x;
      this.echo.log(record);
      const ok = this.store.append(LOG_FILE, record);
      if (!ok) this.seq--;
      if (j === 1 && ok) this.lost = 0;
      if (j === 2 && !ok) this.lost++;
    }
    // A record the flash refused is counted above, not held back: true.
    return true;
  }

  /** The newest record's number (records ever written, as numbering starts at 1). */
  count(): number {
    return this.seq;
  }

  /** Records numbered `from` (1 = the first ever) onward, at most `count`; older ones than the oldest kept are skipped. */
  read(from: number, count: number): string[] {
    return this.store.records(LOG_FILE, from - 1, count);
  }

  /** Erases every record (admin); the erase itself is the first new record. */
  clear(): void {
    const n = this.seq;
    this.store.eraseRecords(LOG_FILE);
    this.seq = 0;
    this.add("LOG", "cleared " + n + " records");
  }

  /** Number of the oldest record the flash still holds. */
  oldest(): number {
    return this.store.firstRecord(LOG_FILE) + 1;
  }

}
