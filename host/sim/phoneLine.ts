// The public phone line between a console-side modem and the site. A number
// may ring several modems: the site modem's phone-out jack feeding a backup
// modem (seed embodiment 3) puts both on the same call; the first to answer
// takes it and the others stop ringing.
import { PhoneLineApi, SimModem } from "./modem";

export class PhoneLine implements PhoneLineApi {
  private numbers = new Map<string, SimModem[]>();
  private pending: Array<{ caller: SimModem; number: string }> = [];

  /** Puts `modems` on `number`: the wall jack first, then what hangs off its phone-out. */
  attach(number: string, ...modems: SimModem[]): void {
    for (const m of modems) m.line = this;
    this.numbers.set(number, modems);
  }

  /** A modem that places calls (the console's). */
  connectCaller(modem: SimModem): void {
    modem.line = this;
  }

  dial(from: SimModem, number: string): boolean {
    const modems = this.numbers.get(number);
    if (!modems) return false;
    this.pending.push({ caller: from, number });
    for (const m of modems) m.ring();
    return true;
  }

  answered(by: SimModem): SimModem | undefined {
    const i = this.pending.findIndex((p) => this.numbers.get(p.number)?.includes(by));
    if (i < 0) return undefined;
    const call = this.pending.splice(i, 1)[0];
    for (const m of this.numbers.get(call.number)!) if (m !== by) m.stopRinging();
    return call.caller;
  }

  hangup(from: SimModem): void {
    const i = this.pending.findIndex((p) => p.caller === from);
    if (i < 0) return;
    const call = this.pending.splice(i, 1)[0];
    for (const m of this.numbers.get(call.number)!) m.stopRinging();
  }
}
