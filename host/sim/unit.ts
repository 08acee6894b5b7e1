// One simulated SMC: a VirtualBoard running either the TypeScript sources on
// the mocked HAL or a built bundle in the Espruino emulation. Power cycles
// keep the flash, as on a board; a board without power drives no pin.
import { Smc, startSmc } from "../../firmware/app/smc";
import type { BoardDesc } from "../../firmware/hal/board";
import { VirtualClock } from "./clock";
import { Emulation, EmulationOptions } from "./emulation";
import { VirtualBoard } from "./hardware";
import { createMockHal } from "./mockHal";
import { VirtualStorage } from "./storage";

export type Firmware = { kind: "ts"; version?: string } | { kind: "bundle"; code: string; options?: EmulationOptions };

export class SimUnit {
  readonly hw: VirtualBoard;
  private stopFn?: () => void;
  emulation?: Emulation;
  /** The running firmware's objects (TypeScript sources only), for tests that look inside. */
  smc?: Smc;

  /** Reboots the firmware asked for (E.reboot, CONFIG REBOOT). */
  reboots = 0;

  constructor(clock: VirtualClock, board: BoardDesc, private firmware: Firmware, storage = new VirtualStorage()) {
    this.hw = new VirtualBoard(clock, board, storage);
    // A board reboots as at power-on, keeping its flash: so does this one,
    // once the call that asked for it has returned (on a board nothing after
    // E.reboot() runs; here the firmware's stack unwinds first).
    this.hw.onReboot = () => {
      clock.setTimeout(() => {
        if (!this.running) return;
        this.reboots++;
        this.powerCycle();
      }, 0);
    };
  }

  get running(): boolean {
    return !!this.stopFn;
  }

  powerOn(): void {
    if (this.stopFn) return;
    this.hw.rebootRequested = false;
    if (this.firmware.kind === "ts") {
      const mock = createMockHal(this.hw);
      this.stopFn = mock.stop;
      this.smc = startSmc(mock.hal, this.hw.board, this.firmware.version ?? "0.0.0-ts");
    } else {
      const emu = new Emulation(this.hw, this.firmware.options);
      this.emulation = emu;
      this.stopFn = () => emu.stop();
      emu.run(this.firmware.code);
    }
  }

  powerOff(): void {
    this.stopFn?.();
    this.stopFn = undefined;
    this.emulation = undefined;
    this.smc = undefined;
    // A board without power drives nothing: DTR, reset and power lines fall.
    this.hw.pins.float();
  }

  powerCycle(): void {
    this.powerOff();
    this.powerOn();
  }
}
