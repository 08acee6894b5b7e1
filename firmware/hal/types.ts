// The hardware abstraction: everything the firmware knows about a board.
// Bytes travel as binary strings (one char per byte, 0-255) because that is
// Espruino's cheapest representation and what its UARTs hand over natively.

/** A serial port. */
export interface Uart {
  /** Opens the port at `baud`, 8N1, no flow control. Boot only: a board's HAL drops it after the boot (hal/espruino.ts, dropAfterBoot). */
  setup(baud: number): void;
  /** Queues bytes for transmission. */
  write(bytes: string): void;
  /** Registers the one receiver for incoming bytes (chunks of any size). Boot only, as setup. */
  onData(receiver: (bytes: string) => void): void;
  /**
   * Hands what this port receives to `to`'s transmitter natively, no
   * JavaScript per chunk (a link's splice, chain/splice.ts); no `to`: back
   * to the receiver. Ports of links only.
   */
  splice?(to?: Uart): void;
}

export type Edge = "rising" | "falling" | "both";

/** Digital and analog pins, named by logical role (see boards/*.json). */
export interface Pins {
  /** Drives an output pin. */
  write(pin: string, high: boolean): void;
  /** Drives `high` for `ms` then the opposite level; `done` runs after. */
  pulse(pin: string, high: boolean, ms: number, done?: () => void): void;
  /** Reads a digital input. */
  read(pin: string): boolean;
  /**
   * Reads an analog input as 0..1; NaN where the board has no ADC there.
   * The same method as the digital read (a method of its own would cost a
   * board ~8 variables for good).
   */
  read(pin: string, analog: true): number;
  /**
   * Calls `handler` on each edge that has been stable for `debounceMs`.
   * Returns the watch's id. A watch lasts as long as the firmware runs.
   * Boot only: a board's HAL drops it after the boot (hal/espruino.ts, dropAfterBoot).
   */
  watch(pin: string, edge: Edge, debounceMs: number, handler: (high: boolean) => void): number;
  /** Whether the board wires this logical pin at all. */
  has(pin: string): boolean;
}

/**
 * Monotonic time and timers. Firmware never uses Date or the global timers
 * (named differently here so a search for those finds only the HAL).
 */
export interface Clock {
  /** Milliseconds since an arbitrary origin; never goes back. */
  now(): number;
  /** Runs `fn` once after `ms`; returns an id for cancel. */
  after(fn: () => void, ms: number): number;
  cancel(id: number): void;
  /** Runs `fn` every `ms`, as long as the firmware runs; returns the timer's id. Boot only: a board's HAL drops it after the boot (hal/espruino.ts, dropAfterBoot). */
  every(fn: () => void, ms: number): number;
}

/** Persistent storage: small JSON documents and append-only record files. */
export interface Store {
  /** Returns the stored text, or undefined when absent. */
  read(name: string): string | undefined;
  /** Replaces a document; false when the flash refused it. */
  write(name: string, text: string): boolean;
  erase(name: string): void;
  /** Appends one record (no newlines inside) to a record file. */
  append(file: string, record: string): boolean;
  /** Reads up to `count` records starting at record index `from` (0 = the first ever appended; records older than the oldest kept are gone, so from 0 the oldest kept comes first). */
  records(file: string, from: number, count: number): string[];
  /** Removes every record of a record file. */
  eraseRecords(file: string): void;
  /** How many records were ever appended (the next record's index). Boot only (the event log's start): a board's HAL drops it after the boot (hal/espruino.ts, dropAfterBoot). */
  recordCount(file: string): number;
}

/** The microcontroller itself. */
export interface System {
  /** Arms the watchdog; `auto` false: the firmware kicks it (Espruino's own signature, so its native serves). Boot only, as Clock.every. */
  enableWatchdog(seconds: number, auto: false): void;
  kickWatchdog(): void;
  reboot(): void;
  /** Degrees Celsius of the chip; NaN where unknown. */
  temperature(): number;
  /**
   * The interpreter's variables (blocks), free and in use; both -1 where
   * nothing measures them (a simulation). Espruino's process.memory itself.
   * (The console is moved off the firmware's UARTs when the HAL is made,
   * before anything else: hal/espruino.ts, createEspruinoHal.)
   */
  memory(): { free: number; usage: number };
  /** A line for whoever watches the board's own console (USB). */
  log(line: string): void;
  /** CRC-32 (IEEE) of a binary string; native where the board has it. */
  crc32(bytes: string): number;
  /**
   * The interpreter's error flags raised since the last call, comma-separated,
   * "" when none (reading clears them): "MEMORY" when it ran out of memory and
   * stopped the running handler midway, "CALLBACK" when it stopped a handler
   * (so, or by an uncaught error). Espruino then drops the receiver of the UART
   * whose handler it stopped, for good: so whenever a flag is set, every
   * UART's receiver is attached again here (what arrived meanwhile was held,
   * and comes next). Called from the tick (app/unit.ts).
   */
  mend(): string;
}

/** Logical serial ports of an SMC. */
export interface Ports {
  modem: Uart;
  linkA?: Uart;
  linkB?: Uart;
}

export interface Hal {
  ports: Ports;
  pins: Pins;
  clock: Clock;
  store: Store;
  sys: System;
}
