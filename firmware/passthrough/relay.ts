// One SMC in pass-through wiring: the caller's bytes go to this SMC's own
// console port until an AUTH that is not its own makes it ring the next SMC
// (imitating a modem); from then on the call runs through it, each line
// going to this SMC or on to the next, and everything the next SMC says
// coming back unchanged. The end of the call on either side ends it on both.
import { Clock, Pins, Uart } from "../hal/types";
import { Reply } from "../app/reply";
import { Err } from "../protocol";
import { ImitatedModem, Imitation } from "./imitation";
import { LineSplitter } from "./splitter";

export interface RelayHost {
  myId: number;
  /** To the caller (the modem while online, or a wired terminal). */
  toCaller(bytes: string): void;
  /** Into this SMC's console port. */
  toConsole(bytes: string): void;
  ownCredentials(line: string): boolean;
  /** Whether an SMC is wired to the pass-through port (config). */
  nextWired: boolean;
  /** The next SMC hung up: end the call here too. */
  nextHungUp(): void;
  log(code: string, text: string): void;
}

export class PassThroughRelay {
  private imitation: ImitatedModem;
  private splitter: LineSplitter;
  private pending: { line: string; typed: boolean; reply: Reply } | undefined;
  /** The next SMC's echo of the AUTH line this SMC sent it, still to be dropped. */
  private strip = "";

  constructor(uart: Uart, private pins: Pins, clock: Clock, private host: RelayHost) {
    this.splitter = new LineSplitter(host.myId, {
      mine: (b) => host.toConsole(b),
      theirs: (b) => this.imitation.write(b),
      ownAuth: (line) => host.ownCredentials(line),
    });
    this.imitation = new ImitatedModem(uart, pins, clock, {
      connected: () => {
        host.log("PASS", "next SMC answered");
        this.send();
      },
      noAnswer: () => this.fail("next SMC does not answer"),
      data: (b) => this.fromNext(b),
      hungUp: () => {
        host.log("PASS", "next SMC hung up");
        this.strip = "";
        host.nextHungUp();
      },
    });
  }

  start(baud: number): void {
    this.imitation.start(baud);
  }

  /** Whether the call currently runs on through this SMC. */
  through(): boolean {
    return this.imitation.state === Imitation.Online;
  }

  fromCaller(bytes: string): void {
    if (this.through()) this.splitter.feed(bytes);
    else this.host.toConsole(bytes);
  }

  /** An AUTH this SMC cannot grant: pass it (and the call) to the next SMC. */
  forward(line: string, typed: boolean, reply: Reply): void {
    // A powered SMC keeps its modem's DTR up: low DTR means nobody is there.
    if (!this.pins.read("ptDtr")) return reply.err(this.host.nextWired ? Err.Unreachable : Err.AuthFailed);
    this.pending = { line: line, typed: typed, reply: reply };
    if (this.through()) this.send();
    else this.imitation.ring();
  }

  private send(): void {
    const p = this.pending;
    this.pending = undefined;
    if (!p) return;
    // The answer comes from the next SMC; this SMC's own command is done.
    if (p.reply.handOff) p.reply.handOff();
    if (p.typed) this.strip = p.line + "\r\n";
    this.imitation.write(p.line + "\r");
  }

  private fail(why: string): void {
    this.host.log("PASS", why);
    const p = this.pending;
    this.pending = undefined;
    if (p) p.reply.err(Err.Unreachable);
  }

  private fromNext(bytes: string): void {
    // The caller already saw this SMC echo the AUTH it passed on.
    while (this.strip && bytes && bytes.charAt(0) === this.strip.charAt(0)) {
      bytes = bytes.substr(1);
      this.strip = this.strip.substr(1);
    }
    if (bytes) {
      this.strip = "";
      this.host.toCaller(bytes);
    }
  }

  /** The call ended upstream: tear the rest of the chain down. */
  end(): void {
    this.pending = undefined;
    this.strip = "";
    this.imitation.hangup();
  }
}
