// One board's virtual hardware: its UARTs, pins, flash and console. The
// mocked HAL (TypeScript sources) and the Espruino emulation (built bundle)
// both run on it, so the same test drives either.
import type { BoardDesc } from "../../firmware/hal/board";
import { VirtualClock } from "./clock";
import { VirtualPins } from "./pins";
import { VirtualStorage } from "./storage";
import { UartEnd } from "./wire";

/** Where the interpreter's REPL is, as Espruino decides it. */
export class ConsoleModel {
  device = "USB";
  forced = false;
  /** Everything printed to the console (console.log, REPL output). */
  output = "";

  constructor(private defaultSerial: string) {}

  set(device: string | null, force: boolean): void {
    this.device = device ?? "none";
    this.forced = force;
  }

  /**
   * USB unplugged: Espruino moves the REPL to its default UART unless the
   * console was forced.
   */
  unplugUsb(): void {
    if (!this.forced) this.device = this.defaultSerial;
  }

  print(text: string): void {
    this.output += text;
  }
}

export class VirtualBoard {
  readonly uarts: Record<string, UartEnd> = {};
  readonly pins: VirtualPins;
  readonly console: ConsoleModel;
  temperature = 24.5;
  watchdog = { enabled: false, seconds: 0, kicks: 0 };
  /** Set when the firmware asked for a reboot; the runner acts on it. */
  rebootRequested = false;
  /**
   * A busy CPU (TypeScript sources only): until this time nothing of the
   * firmware runs (timers, received bytes, pin events wait, in order) and
   * what it writes leaves then, as a board busy in a long computation.
   */
  busyUntil = 0;
  /** The interpreter's error flags not yet read (E.getErrorFlags; host/sim/interrupt.ts). */
  errorFlags: string[] = [];
  /** What the board does on a reboot request (SimUnit: power cycle, keeping the flash). */
  onReboot?: () => void;

  constructor(
    readonly clock: VirtualClock,
    readonly board: BoardDesc,
    readonly storage: VirtualStorage = new VirtualStorage(),
  ) {
    for (let n = 1; n <= 6; n++) this.uarts["Serial" + n] = new UartEnd(board.name + ".Serial" + n);
    this.pins = new VirtualPins(clock);
    this.console = new ConsoleModel("Serial1");
  }

  enableWatchdog(seconds: number): void {
    this.watchdog.enabled = true;
    this.watchdog.seconds = seconds;
  }

  kickWatchdog(): void {
    this.watchdog.kicks++;
  }

  requestReboot(): void {
    this.rebootRequested = true;
    this.onReboot?.();
  }

  /** The SMC side of a logical port ("modem", "linkA", "linkB"). */
  port(role: "modem" | "linkA" | "linkB"): UartEnd {
    const desc = this.board.ports[role];
    if (!desc) throw new Error(this.board.name + " has no " + role + " port");
    return this.uarts[desc.serial];
  }

  /** The board's pin name for a logical role ("reset" -> "D23"). */
  pinName(role: string): string {
    const name = this.board.pins[role];
    if (!name) throw new Error(this.board.name + " does not wire " + role);
    return name;
  }

  setInput(role: string, level: boolean): void {
    this.pins.set(this.pinName(role), level);
  }

  output(role: string): boolean {
    return this.pins.level(this.pinName(role));
  }
}
