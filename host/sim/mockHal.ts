// The HAL for running the TypeScript sources on a VirtualBoard.
import type { BoardDesc } from "../../firmware/hal/board";
import { storeOver } from "../../firmware/hal/recordFile";
import { crc32 } from "../../firmware/protocol";
import type { Hal, Uart } from "../../firmware/hal/types";
import { VirtualBoard } from "./hardware";
import { UartEnd } from "./wire";

function mockUart(end: UartEnd, live: (fn: (b: string) => void) => (b: string) => void): Uart {
  return {
    setup: (baud) => end.setBaud(baud),
    write: (bytes) => end.write(bytes),
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
    <A extends unknown[]>(fn: (...a: A) => void) =>
    (...a: A) => {
      if (!stopped) fn(...a);
    };
  const board: BoardDesc = hw.board;
  const clock = hw.clock;
  const name = (role: string) => hw.pinName(role);
  const ports: Hal["ports"] = { modem: mockUart(hw.port("modem"), live) };
  if (board.ports.linkA) ports.linkA = mockUart(hw.port("linkA"), live);
  if (board.ports.linkB) ports.linkB = mockUart(hw.port("linkB"), live);
  const track = (id: number) => {
    timers.add(id);
    return id;
  };
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
      cancelEvery: (id) => (timers.delete(id), clock.clearInterval(id)),
    },
    pins: {
      write: (role, high) => hw.pins.set(name(role), high),
      pulse: (role, high, ms, done) => {
        hw.pins.set(name(role), high);
        hal.clock.after(() => {
          hw.pins.set(name(role), !high);
          done?.();
        }, ms);
      },
      read: (role) => hw.pins.level(name(role)),
      analog: (role) => hw.pins.analog(name(role)),
      watch: (role, edge, debounce, handler) => {
        const id = hw.pins.watch(name(role), { edge, debounce, repeat: true }, live((e) => handler(e.state)));
        watches.add(id);
        return id;
      },
      unwatch: (id) => (watches.delete(id), hw.pins.unwatch(id)),
      has: (role) => !!board.pins[role],
    },
    store: storeOver({
      read: (n) => hw.storage.read(n),
      write: (n, t) => hw.storage.write(n, t),
      erase: (n) => hw.storage.erase(n),
    }),
    sys: {
      enableWatchdog: (s) => hw.enableWatchdog(s),
      kickWatchdog: () => hw.kickWatchdog(),
      reboot: () => hw.requestReboot(),
      temperature: () => hw.temperature,
      freeMemory: () => 10000,
      usedMemory: () => 0,
      lockConsole: () => hw.console.set(board.console === "none" ? null : board.console, true),
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
