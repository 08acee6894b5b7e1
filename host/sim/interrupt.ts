// What the interpreter does when its pool runs out in the middle of a
// handler (seen on bin/espruino-original; docs/troubleshooting.md, "Out of
// memory"): the running JavaScript stops where it is, no catch or finally
// runs, the console says so, E.getErrorFlags() reports it (and forgets it
// once read), and a UART receiver or an interval it stopped is removed for
// good. A test raises it where the firmware reads its flash
// (VirtualStorage.interrupt); the event loops of the mocked HAL and of the
// emulation catch it here and do what Espruino does.
import type { VirtualBoard } from "./hardware";

/** The interruption, thrown through the firmware: only an event loop catches it. */
export class Interrupted extends Error {
  constructor() {
    super("Execution Interrupted");
  }
}

/** Espruino's error flags in the order E.getErrorFlags() lists them. */
const ORDER = ["FIFO_FULL", "BUFFER_FULL", "CALLBACK", "LOW_MEMORY", "MEMORY", "MEMORY_BUSY", "UART_OVERFLOW"];

/** What kind of handler ran: a UART's receiver and an interval are removed when stopped. */
export type HandlerKind = "data" | "timeout" | "interval" | "watch";

/** E.getErrorFlags(): the flags raised since the last read, cleared. */
export function takeErrorFlags(hw: VirtualBoard): string[] {
  const f = ORDER.filter((x) => hw.errorFlags.includes(x));
  hw.errorFlags = [];
  return f;
}

/**
 * Runs `fn` as Espruino's event loop runs a handler: true when it ran to its
 * end; false when it was interrupted (flags raised, the console's lines
 * printed; the caller removes a receiver or an interval). Anything else
 * thrown goes on up.
 */
export function runHandler(hw: VirtualBoard, kind: HandlerKind, fn: () => void): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    if (!(e instanceof Interrupted)) throw e;
    const removed = kind === "data" ? "ERROR: Error processing Serial data handler - removing it.\r\n" : kind === "interval" ? "ERROR: Ctrl-C while processing interval - removing it.\r\n" : "";
    hw.console.print("OUT OF MEMORY\r\n" + removed + "Execution Interrupted during event processing.\r\n");
    for (const f of kind === "data" || kind === "interval" ? ["CALLBACK", "LOW_MEMORY", "MEMORY"] : ["LOW_MEMORY", "MEMORY"]) if (!hw.errorFlags.includes(f)) hw.errorFlags.push(f);
    return false;
  }
}
