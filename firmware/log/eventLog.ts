// The event log: one record per event, "<seq> <uptime ms> <code> <text>",
// appended to a record file in flash so it survives reboot.
import { Clock, Store } from "../hal/types";

export const LOG_FILE = "evlog";

export class EventLog {
  private seq = 0;

  constructor(private store: Store, private clock: Clock, private echo: (line: string) => void) {}

  add(code: string, text: string): void {
    const record = ++this.seq + " " + this.clock.now() + " " + code + " " + text;
    this.echo(record);
    // A full or failing flash must not stop the SMC: the record is lost, the
    // console copy above remains.
    this.store.append(LOG_FILE, record);
  }
}
