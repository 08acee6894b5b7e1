// The HAL for running the TypeScript sources on a VirtualBoard.
import type { BoardDesc } from "../../firmware/hal/board";
import { storeOver } from "../../firmware/hal/recordFile";
import { crc32 } from "../../firmware/protocol";
import type { Hal, Uart } from "../../firmware/hal/types";
import { VirtualBoard } from "./hardware";
import { runHandler, takeErrorFlags } from "./interrupt";
import { UartEnd } from "./wire";

/** A mocked UART, and what the interpreter's event loop does to its receiver. */
interface MockUart extends Uart {
  /** Hal.mend: the receiver attached again, the bytes held meanwhile delivered next. */
  again(): void;
}

function mockUart(end: UartEnd, live: (fn: (b: string) => void) => (b: string) => void, hw: VirtualBoard): MockUart {
  const write = (bytes: string) => {
    const wait = hw.busyUntil - hw.clock.now();
    if (wait > 0) hw.clock.setTimeout(() => write(bytes), wait);
    else end.write(bytes);
  };
  // The receiver the firmware attached, the one attached now (none once the
  // interpreter stopped it: Espruino removes it), and what came without one.
  let fw: ((b: string) => void) | undefined;
  let given: ((b: string) => void) | undefined;
  let rx: ((b: string) => void) | undefined;
  let held = "";
  const take = live((bytes: string) => {
    const r = rx;
    if (!r) held += bytes;
    else if (!runHandler(hw, "data", () => r(bytes))) rx = undefined;
  });
  return {
    setup: (baud) => end.setBaud(baud),
    write,
    onData: (receiver) => {
      fw = given = rx = receiver;
      end.clearReceivers();
      end.onData(take);
    },
    // Native forwarding: no firmware code runs per chunk.
    splice: (to) => {
      given = rx = to ? (b: string) => to.write(b) : fw;
    },
    again: () => {
      rx = given;
      const h = held;
      held = "";
      if (h) hw.clock.setTimeout(() => take(h), 0);
    },
  };
}

export interface MockHal {
  hal: Hal;
  /** Power off: every timer, watch and receiver of this run stops. */
  stop(): void;
}

export function createMockHal(hw: VirtualBoard): MockHal {
  let stopped = false;
  const timers = new Set<number>();
  const watches = new Set<number>();
  const live =
    <A extends unknown[]>(fn: (...a: A) => void) => {
      const run = (...a: A): void => {
        if (stopped) return;
        // A busy CPU takes events in order once it is free.
        const wait = hw.busyUntil - hw.clock.now();
        if (wait > 0) hw.clock.setTimeout(() => run(...a), wait);
        else fn(...a);
      };
      return run;
    };
  const board: BoardDesc = hw.board;
  const clock = hw.clock;
  const name = (role: string) => hw.pinName(role);
  const uarts = [mockUart(hw.port("modem"), live, hw)];
  const ports: Hal["ports"] = { modem: uarts[0] };
  if (board.ports.linkA) uarts.push((ports.linkA = mockUart(hw.port("linkA"), live, hw)) as MockUart);
  if (board.ports.linkB) uarts.push((ports.linkB = mockUart(hw.port("linkB"), live, hw)) as MockUart);
  const track = (id: number) => {
    timers.add(id);
    return id;
  };
  // As a board's HAL does when it is made: the console (its REPL) moved off
  // every UART the firmware uses, for good, before anything opens one.
  hw.console.set(board.console === "none" ? null : board.console, true);
  const hal: Hal = {
    ports,
    clock: {
      // Whole milliseconds, as the board HAL gives them (Math.floor of getTime).
      now: () => Math.floor(clock.now()),
      after: (fn, ms) => {
        let id = 0;
        id = track(clock.setTimeout(live(() => (timers.delete(id), runHandler(hw, "timeout", fn))), ms));
        return id;
      },
      cancel: (id) => (timers.delete(id), clock.clearTimeout(id)),
      // An interval the interpreter stopped is removed, as Espruino does.
      every: (fn, ms) => {
        const id: number = track(clock.setInterval(live(() => runHandler(hw, "interval", fn) || (timers.delete(id), clock.clearInterval(id))), ms));
        return id;
      },
    },
    pins: {
      write: (role, high) => hw.pins.drive(name(role), high),
      pulse: (role, high, ms, done) => {
        hw.pins.drive(name(role), high);
        hal.clock.after(() => {
          hw.pins.drive(name(role), !high);
          done?.();
        }, ms);
      },
      read: ((role: string, analog?: boolean) => (analog ? hw.pins.analog(name(role)) : hw.pins.level(name(role)))) as Hal["pins"]["read"],
      watch: (role, edge, debounce, handler) => {
        const id = hw.pins.watch(name(role), { edge, debounce, repeat: true }, live((e) => handler(e.state)));
        watches.add(id);
        return id;
      },
      has: (role) => !!board.pins[role],
    },
    store: storeOver({
      read: (n) => hw.storage.read(n),
      write: (n, t, o, s) => hw.storage.write(n, t, o, s),
      erase: (n) => hw.storage.erase(n),
    }),
    sys: {
      enableWatchdog: (s) => hw.enableWatchdog(s),
      kickWatchdog: () => hw.kickWatchdog(),
      reboot: () => hw.requestReboot(),
      temperature: () => hw.temperature,
      // Node's heap says nothing about an interpreter's variables: DIAG
      // says so rather than print a made-up figure.
      memory: () => ({ free: -1, usage: -1 }),
      log: (line) => hw.console.print(line + "\r\n"),
      crc32: (bytes) => crc32(bytes),
      mend: () => {
        const f = takeErrorFlags(hw).join(",");
        if (f) for (const u of uarts) u.again();
        return f;
      },
    },
  };
  return {
    hal,
    stop() {
      stopped = true;
      for (const id of timers) clock.clearTimeout(id);
      for (const id of watches) hw.pins.unwatch(id);
      timers.clear();
      watches.clear();
    },
  };
}
