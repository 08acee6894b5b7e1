// Seed embodiment 5: on the pass-through port this SMC behaves as a Hayes
// modem toward the next SMC, whose modem driver cannot tell the difference.
// It answers AT commands with OK, rings (RI pulses and RING lines) when a
// call must go on, answers the next SMC's ATA with CONNECT and raises DCD,
// and on the end of the call drops DCD and says NO CARRIER, as a modem does.
// Control lines: RI and DCD are outputs here; the next SMC's DTR an input.
//
// One state machine, one method (`on`) for every event, so the imitation
// costs a board a handful of function objects (NOTES.md):
//
//   state      event                  next       what it does
//   Idle       Ring                   Ringing    RING + RI pulse now and every 3 s
//   Ringing    Timer, rings left      Ringing    rings again
//   Ringing    Timer, 3 rings rung    Idle       owner: NoAnswer
//   Ringing    "ATA"                  Answering  100 ms, as a modem trains
//   Answering  Timer                  Online     DCD up, "CONNECT 9600", owner: Connected
//   Online     Data                   Online     the bytes to the owner (no escape, below)
//   Online     DtrDown                Idle       DCD down, owner: HungUp
//   any        HangUp                 Idle       from Online: DCD down, "NO CARRIER"
//   not Online "ATH"                  Idle       DCD down, OK; from Ringing or Answering owner: NoAnswer
//   not Online "ATA" (not Ringing)     same      "NO CARRIER"
//   not Online any other "AT..."       same      OK
//   any        Write                   same      the bytes to the next SMC, while Online only
//
// The class is made inside imitatedModem(), which only a pass-through unit
// calls (relay.ts): on a links unit none of its methods exists.
import { Clock, Pins, Uart } from "../hal";

/** Its figures (a const enum: written into the code, no variable on a links unit). */
const enum Im {
  /** The rate this imitation reports in CONNECT. */
  Rate = 9600,
  /** Ring cadence toward the next SMC: 1 s on, 2 s off (short, as Japan's). */
  RingOnMs = 1000,
  RingOffMs = 2000,
  /** Rings without an ATA before the next SMC counts as dead. */
  MaxRings = 3,
  /** The modem's delay between ATA and CONNECT (a real one trains for seconds). */
  ConnectMs = 100,
  /** Longest command line kept. */
  MaxLine = 80,
}

export const enum Imitation {
  Idle,
  Ringing,
  /** ATA heard, CONNECT not yet sent. */
  Answering,
  Online,
}

/** What the imitation is told: by its owner (Ring, Write, HangUp) and by the port (the rest). */
export const enum ImEv {
  /** Ring the next SMC; the owner hears Connected or NoAnswer. */
  Ring,
  /** Call data toward the next SMC. */
  Write,
  /** The call ended upstream: the next SMC loses carrier. */
  HangUp,
  /** Bytes from the next SMC. */
  Data,
  /** The next SMC dropped DTR. */
  DtrDown,
  Timer,
}

/** What the imitation tells its owner. */
export const enum Heard {
  /** The next SMC answered: the call goes on through this SMC. */
  Connected,
  /** Ringing went unanswered: the next SMC is dead or not there. */
  NoAnswer,
  /** Bytes from the next SMC during the call. */
  Data,
  /** The next SMC hung up (dropped DTR). */
  HungUp,
}

export interface ImitationEvents {
  heard(ev: Heard, bytes: string): void;
}

/** The SMC's wall clock (log/eventLog.ts): Unix seconds, 0 while unknown. */
export interface WallClock {
  time(): number;
}

export interface ImitatedModem {
  state: Imitation;
  on(ev: ImEv, bytes: string): void;
}

/** The imitation on `uart`, its port opened at `baud`; call once, in pass-through wiring only. */
export function imitatedModem(uart: Uart, pins: Pins, clock: Clock, owner: ImitationEvents, baud: number, wall: WallClock): ImitatedModem {
  class Modem implements ImitatedModem {
    state = Imitation.Idle;
    /** The command line being typed. */
    private l = "";
    private rings = 0;
    private timer = 0;
    /** The one timer callback, made once. */
    private tick = () => this.on(ImEv.Timer, "");

    constructor() {
      uart.setup(baud);
      uart.onData((bytes) => this.on(ImEv.Data, bytes));
      pins.write("ptRi", false);
      pins.write("ptDcd", false);
      pins.watch("ptDtr", "falling", 20, () => this.on(ImEv.DtrDown, ""));
    }

    on(ev: ImEv, bytes: string): void {
      const s = this.state;
      switch (ev) {
        case ImEv.Ring:
          if (s !== Imitation.Idle) return;
          this.state = Imitation.Ringing;
          this.rings = 0;
          return this.on(ImEv.Timer, "");
        case ImEv.Timer:
          this.timer = 0;
          if (s === Imitation.Answering) {
            this.state = Imitation.Online;
            pins.write("ptDcd", true);
            // The wall clock rides in the CONNECT line once known (results.ts reads it).
            const t = wall.time();
            uart.write("\r\nCONNECT " + Im.Rate + (t ? " T" + t : "") + "\r\n");
            return owner.heard(Heard.Connected, "");
          }
          if (s !== Imitation.Ringing) return;
          if (++this.rings > Im.MaxRings) {
            this.state = Imitation.Idle;
            return owner.heard(Heard.NoAnswer, "");
          }
          uart.write("\r\nRING\r\n");
          pins.pulse("ptRi", true, Im.RingOnMs);
          this.timer = clock.after(this.tick, Im.RingOnMs + Im.RingOffMs);
          return;
        case ImEv.Write:
          if (s === Imitation.Online) uart.write(bytes);
          return;
        case ImEv.HangUp:
          if (this.timer) clock.cancel(this.timer);
          this.timer = 0;
          this.state = Imitation.Idle;
          if (s !== Imitation.Online) return;
          pins.write("ptDcd", false);
          return uart.write("\r\nNO CARRIER\r\n");
        case ImEv.DtrDown:
          if (s !== Imitation.Online) return;
          this.state = Imitation.Idle;
          pins.write("ptDcd", false);
          return owner.heard(Heard.HungUp, "");
      }
      // ImEv.Data. No escape in the call: "+++" from the next SMC is data.
      // Its driver hangs up by dropping DTR, which is always honoured (every
      // board wires ptDtr); an escape would only add a risk: the next SMC's
      // echo of a "+++" typed between pauses would pass for one and leave
      // the call deaf.
      if (s === Imitation.Online) return owner.heard(Heard.Data, bytes);
      for (let i = 0; i < bytes.length; i++) {
        const c = bytes.charCodeAt(i);
        if (c >= 32 && c < 127 && this.l.length < Im.MaxLine) this.l += bytes.charAt(i);
        if (c !== 13) continue;
        const cmd = this.l.toUpperCase();
        this.l = "";
        if (cmd.substr(0, 2) !== "AT") continue;
        if (cmd === "ATA") {
          if (this.state !== Imitation.Ringing) {
            uart.write("\r\nNO CARRIER\r\n");
            continue;
          }
          if (this.timer) clock.cancel(this.timer);
          this.state = Imitation.Answering;
          this.timer = clock.after(this.tick, Im.ConnectMs);
          continue;
        }
        if (cmd.substr(2, 1) === "H") {
          const was = this.state;
          if (this.timer) clock.cancel(this.timer);
          this.timer = 0;
          pins.write("ptDcd", false);
          this.state = Imitation.Idle;
          uart.write("\r\nOK\r\n");
          // Hanging up on a ring, or before CONNECT: the call does not go on.
          if (was !== Imitation.Idle) owner.heard(Heard.NoAnswer, "");
          continue;
        }
        // Every setting the driver asks for (Z, E0, V1, &C1, &D2, S0=0, &W,
        // AT) is what this imitation does anyway.
        uart.write("\r\nOK\r\n");
      }
    }
  }
  return new Modem();
}
