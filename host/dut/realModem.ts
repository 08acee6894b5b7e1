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
  /** The wall jack's modem (the first board's). */
  siteModem: SimModem;
  /** Every site modem: the wall jack's, then those on its phone-out (seed embodiment 3). */
  siteModems: SimModem[];
  consoleModem: SimModem;
  terminal: Probe;
  clock: VirtualClock;
  dial(): void;
  stop(): void;
}

export interface ModemWiring {
  board: RealBoard;
  pins: { ri: number; dcd: number; dtr: number };
  uart?: number;
}

/** One site modem on a real board: DTE to its UART, RI/DCD to its input pin files, DTR polled from its output pin file. */
function siteModemOn(clock: VirtualClock, w: ModemWiring, baud: number): { modem: SimModem; stop: () => void } {
  const { board, pins } = w;
  const uart = w.uart ?? 1;
  let dtrCb: ((l: boolean) => void) | undefined;
  let dtr = board.readPin(pins.dtr) === 1;
  const poll = setInterval(() => {
    // A board that is powered off has no pin files to read: its DTR is low.
    const now = board.alive() && board.readPin(pins.dtr) === 1;
    if (now !== dtr) {
      dtr = now;
      dtrCb?.(now);
    }
  }, DTR_POLL_MS);
  const modem = new SimModem(
    clock,
    {
      ri: (l) => board.alive() && board.setPin(pins.ri, l ? 1 : 0),
      dcd: (l) => board.alive() && board.setPin(pins.dcd, l ? 1 : 0),
      onDtr: (cb) => (dtrCb = cb),
    },
    { cadence: CADENCES.japan },
  );
  modem.dte.setBaud(baud);
  // The modem's DTE line ends at the board's pseudo-terminal.
  const bridge = new UartEnd("pty");
  bridge.setBaud(baud);
  connect(clock, modem.dte, bridge);
  bridge.onData((bytes) => board.alive() && board.uart(uart).write(bytes));
  const off = board.uart(uart).onData((chunk) => bridge.write(chunk.toString("latin1")));
  return {
    modem,
    stop: () => {
      clearInterval(poll);
      off();
    },
  };
}

/** Site modems on the phone line (the first on the wall jack, the rest on its phone-out) and a console-side modem with a terminal. */
export function wireModems(wirings: ModemWiring[], baud = 9600): RealModemRig {
  const clock = new VirtualClock();
  const stopClock = runInRealTime(clock);
  const sites = wirings.map((w) => siteModemOn(clock, w, baud));
  const line = new PhoneLine();
  line.attach(SITE_NUMBER, ...sites.map((x) => x.modem));
  const consoleModem = new SimModem(clock, {});
  consoleModem.dte.setBaud(baud);
  line.connectCaller(consoleModem);
  const terminal = new Probe("terminal");
  terminal.setBaud(baud);
  connect(clock, consoleModem.dte, terminal);
  return {
    siteModem: sites[0].modem,
    siteModems: sites.map((x) => x.modem),
    consoleModem,
    terminal,
    clock,
    dial: () => terminal.write(`ATDT${SITE_NUMBER}\r`),
    stop: () => {
      stopClock();
      for (const x of sites) x.stop();
    },
  };
}

export function wireModem(board: RealBoard, pins: { ri: number; dcd: number; dtr: number }, uart = 1, baud = 9600): RealModemRig {
  return wireModems([{ board, pins, uart }], baud);
}
