// A simulated Hayes modem and phone line in real time, wired to a real
// interpreter: its DTE to the board's UART1 pseudo-terminal, RI and DCD to
// the board's input pin files, DTR read from the board's output pin file.
import type { RealBoard } from "../real";
import { VirtualClock } from "../sim/clock";
import { CADENCES, SimModem } from "../sim/modem";
import { PhoneLine } from "../sim/phoneLine";
import { runInRealTime } from "../sim/realtime";
import { SITE_NUMBER } from "../sim/site";
import { connect, Probe, UartEnd } from "../sim/wire";

/** How often the DTR pin file is read. */
const DTR_POLL_MS = 5;

export interface RealModemRig {
  siteModem: SimModem;
  consoleModem: SimModem;
  terminal: Probe;
  clock: VirtualClock;
  dial(): void;
  stop(): void;
}

export function wireModem(board: RealBoard, pins: { ri: number; dcd: number; dtr: number }, uart = 1, baud = 9600): RealModemRig {
  const clock = new VirtualClock();
  const stopClock = runInRealTime(clock);
  let dtrCb: ((l: boolean) => void) | undefined;
  let dtr = board.readPin(pins.dtr) === 1;
  const poll = setInterval(() => {
    const now = board.readPin(pins.dtr) === 1;
    if (now !== dtr) {
      dtr = now;
      dtrCb?.(now);
    }
  }, DTR_POLL_MS);
  const siteModem = new SimModem(
    clock,
    {
      ri: (l) => board.setPin(pins.ri, l ? 1 : 0),
      dcd: (l) => board.setPin(pins.dcd, l ? 1 : 0),
      onDtr: (cb) => (dtrCb = cb),
    },
    { cadence: CADENCES.japan },
  );
  siteModem.dte.setBaud(baud);
  // The modem's DTE line ends at the board's pseudo-terminal.
  const bridge = new UartEnd("pty");
  bridge.setBaud(baud);
  connect(clock, siteModem.dte, bridge);
  bridge.onData((bytes) => board.uart(uart).write(bytes));
  const off = board.uart(uart).onData((chunk) => bridge.write(chunk.toString("latin1")));
  const line = new PhoneLine();
  line.attach(SITE_NUMBER, siteModem);
  const consoleModem = new SimModem(clock, {});
  consoleModem.dte.setBaud(baud);
  line.connectCaller(consoleModem);
  const terminal = new Probe("terminal");
  terminal.setBaud(baud);
  connect(clock, consoleModem.dte, terminal);
  return {
    siteModem,
    consoleModem,
    terminal,
    clock,
    dial: () => terminal.write(`ATDT${SITE_NUMBER}\r`),
    stop: () => {
      stopClock();
      clearInterval(poll);
      off();
    },
  };
}
