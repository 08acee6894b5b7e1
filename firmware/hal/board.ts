// What a board file (boards/<name>.json) says; the build bakes one into each bundle.

/** One physical UART behind a logical port. */
export interface PortDesc {
  /** Espruino's name for the UART: "Serial1" .. "Serial6". */
  serial: string;
  tx?: string;
  rx?: string;
  /** Linux build only: the device path opened for this UART. */
  path?: string;
}

/** A server input named by its pin role (boards/*.json "inputs"). */
export interface InputDesc {
  /** digital: on/off, in alarm when high (wire active-low signals through an inverter); analog: a measurement. */
  kind: "digital" | "analog";
  /** analog: value = reading (0..1) * scale + offset, in unit; in range within [min, max]. */
  unit?: string;
  scale?: number;
  offset?: number;
  min?: number;
  max?: number;
}

export interface BoardDesc {
  name: string;
  /** For people (docs, the build's messages); not baked into the bundle. */
  title?: string;
  /** Interpreter variables the board has (memory budget). */
  variables: number;
  /**
   * Where the REPL is forced to live: "USB", a SerialN the firmware does
   * not use, or "none" to silence it.
   */
  console: string;
  ports: { modem: PortDesc; linkA?: PortDesc; linkB?: PortDesc };
  /** Logical pin role -> the board's pin name ("B3", "D23", ...). */
  pins: { [role: string]: string };
  /** Server inputs beyond power-good: role (a key of pins) -> what it is. */
  inputs?: { [role: string]: InputDesc };
  /**
   * False where the interpreter's watchdog does nothing (the Linux build):
   * DIAG says so, and the board's supervisor has to restart a dead SMC.
   */
  watchdog?: boolean;
  /** Free text for docs/wiring.md: trade-offs this board forces; not baked into the bundle. */
  notes?: string;
}
