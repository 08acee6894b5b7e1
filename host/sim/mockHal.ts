// The HAL for running the TypeScript sources on a VirtualBoard.
import type { BoardDesc } from "../../firmware/hal/board";
import { storeOver } from "../../firmware/hal/recordFile";
import { crc32 } from "../../firmware/protocol";
import type { Hal, Uart } from "../../firmware/hal/types";
import { VirtualBoard } from "./hardware";
import { UartEnd } from "./wire";

function mockUart(end: UartEnd, live: (fn: (b: string) => void) => (b: string) => void, hw: VirtualBoard): Uart {
  const write = (bytes: string) => {
    const wait = hw.busyUntil - hw.clock.now();
    if (wait > 0) hw.clock.setTimeout(() => write(bytes), wait);
    else end.write(bytes);
  };
  return {
    setup: (baud) => end.setBaud(baud),
    write,
    onData: (receiver) => {
      end.clearReceivers();
      end.onData(live(receiver));
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
  const ports: Hal["ports"] = { modem: mockUart(hw.port("modem"), live, hw) };
  if (board.ports.linkA) ports.linkA = mockUart(hw.port("linkA"), live, hw);
  if (board.ports.linkB) ports.linkB = mockUart(hw.port("linkB"), live, hw);
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
        id = track(clock.setTimeout(live(() => (timers.delete(id), fn())), ms));
        return id;
      },
      cancel: (id) => (timers.delete(id), clock.clearTimeout(id)),
      every: (fn, ms) => track(clock.setInterval(live(fn), ms)),
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
