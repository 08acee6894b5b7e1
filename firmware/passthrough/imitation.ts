// Seed embodiment 5: on the pass-through port this SMC behaves as a Hayes
// modem toward the next SMC, whose modem driver cannot tell the difference.
// It answers AT commands with OK, rings (RI pulses and RING lines) when a
// call must go on, answers the next SMC's ATA with CONNECT and raises DCD,
// and on the end of the call drops DCD and says NO CARRIER, as a modem does.
// Control lines: RI and DCD are outputs here; the next SMC's DTR an input.
import { Clock, Pins, Uart } from "../hal";

/** The rate this imitation reports in CONNECT. */
const RATE = 9600;
/** Ring cadence toward the next SMC: 1 s on, 2 s off (short, as Japan's). */
const RING_ON_MS = 1000;
const RING_OFF_MS = 2000;
/** Rings without an ATA before the next SMC counts as dead. */
const MAX_RINGS = 3;
/** The modem's delay between ATA and CONNECT (a real one trains for seconds). */
const CONNECT_MS = 100;
/** Longest command line kept. */
const MAX_LINE = 80;

export const enum Imitation {
  Idle,
  Ringing,
  Online,
}

export interface ImitationEvents {
  /** The next SMC answered: the call goes on through this SMC. */
  connected(): void;
  /** Ringing went unanswered: the next SMC is dead or not there. */
  noAnswer(): void;
  /** Bytes from the next SMC during the call. */
  data(bytes: string): void;
  /** The next SMC hung up (dropped DTR). */
  hungUp(): void;
}

export class ImitatedModem {
  state = Imitation.Idle;
  private line = "";
  private rings = 0;
  private timer = 0;

  constructor(private uart: Uart, private pins: Pins, private clock: Clock, private ev: ImitationEvents) {}

  start(baud: number): void {
    this.uart.setup(baud);
    this.uart.onData((bytes) => this.feed(bytes));
    this.pins.write("ptRi", false);
    this.pins.write("ptDcd", false);
    this.pins.watch("ptDtr", "falling", 20, () => {
      if (this.state === Imitation.Online) this.downstreamGone();
    });
  }

  /** Rings the next SMC; `connected` or `noAnswer` follows. */
  ring(): void {
    if (this.state !== Imitation.Idle) return;
    this.state = Imitation.Ringing;
    this.rings = 0;
    this.ringCycle();
  }

  private ringCycle(): void {
    if (this.state !== Imitation.Ringing) return;
    if (++this.rings > MAX_RINGS) {
      this.state = Imitation.Idle;
      return this.ev.noAnswer();
    }
    this.uart.write("\r\nRING\r\n");
    this.pins.pulse("ptRi", true, RING_ON_MS);
    this.timer = this.clock.after(() => this.ringCycle(), RING_ON_MS + RING_OFF_MS);
  }

  /** Call data toward the next SMC. */
  write(bytes: string): void {
    if (this.state === Imitation.Online) this.uart.write(bytes);
  }

  /** The call ended upstream: the next SMC loses carrier. */
  hangup(): void {
    this.stopRinging();
    if (this.state !== Imitation.Online) return;
    this.state = Imitation.Idle;
    this.pins.write("ptDcd", false);
    this.uart.write("\r\nNO CARRIER\r\n");
  }

  private stopRinging(): void {
    if (this.timer) this.clock.cancel(this.timer);
    this.timer = 0;
    if (this.state === Imitation.Ringing) this.state = Imitation.Idle;
  }

  private downstreamGone(): void {
    this.state = Imitation.Idle;
    this.pins.write("ptDcd", false);
    this.ev.hungUp();
  }

  private feed(bytes: string): void {
    // No escape in the call: "+++" from the next SMC is data. Its driver
    // hangs up by dropping DTR, which is always honoured (every board wires
    // ptDtr); an escape would only add a risk: the next SMC's echo of a
    // "+++" typed between pauses would pass for one and leave the call deaf.
    if (this.state === Imitation.Online) return this.ev.data(bytes);
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes.charCodeAt(i);
      if (c === 13) {
        const cmd = this.line.toUpperCase();
        this.line = "";
        if (cmd.substr(0, 2) === "AT") this.command(cmd);
      } else if (c >= 32 && c < 127 && this.line.length < MAX_LINE) this.line += bytes.charAt(i);
    }
  }

  private command(cmd: string): void {
    if (cmd.indexOf("A", 2) === 2 && cmd.length === 3) {
      if (this.state !== Imitation.Ringing) return this.uart.write("\r\nNO CARRIER\r\n");
      this.stopRinging();
      this.clock.after(() => {
        this.state = Imitation.Online;
        this.pins.write("ptDcd", true);
        this.uart.write("\r\nCONNECT " + RATE + "\r\n");
        this.ev.connected();
      }, CONNECT_MS);
      return;
    }
    if (cmd.substr(2, 1) === "H") {
      this.pins.write("ptDcd", false);
      this.state = Imitation.Idle;
      return this.uart.write("\r\nOK\r\n");
    }
    // Every setting the driver asks for (Z, E0, V1, &C1, &D2, S0=0, &W, AT)
    // is what this imitation does anyway.
    this.uart.write("\r\nOK\r\n");
  }
}
