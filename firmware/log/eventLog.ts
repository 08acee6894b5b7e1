// The event log: one record per event, "<seq> <uptime ms> <code> <text>",
// appended to a record file in flash so it survives reboot.
import { Clock, Store } from "../hal/types";

export const LOG_FILE = "evlog";

export class EventLog {
  private seq: number;

  constructor(private store: Store, private clock: Clock, private echo: (line: string) => void) {
    // Numbering goes on across reboots: the log in flash survives them.
    this.seq = store.recordCount(LOG_FILE);
  }

  add(code: string, text: string): void {
    const record = ++this.seq + " " + Math.floor(this.clock.now()) + " " + code + " " + text;
    this.echo(record);
    // A full or failing flash must not stop the SMC: the record is lost, the
    // console copy above remains.
    this.store.append(LOG_FILE, record);
  }

  count(): number {
    return this.seq;
  }

  /** Records `from` (0 = oldest) onward, at most `count`. */
  read(from: number, count: number): string[] {
    return this.store.records(LOG_FILE, from, count);
  }
}
