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

export interface BoardDesc {
  name: string;
  title: string;
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
  /** Free text for docs/wiring.md: trade-offs this board forces. */
  notes?: string;
}
