// Dut on the virtual clock: the TypeScript sources on the mocked HAL, or the
// built bundle in the Espruino emulation.
import { readFileSync } from "node:fs";
import { parseConfig } from "../../firmware/config";
import type { BoardDesc } from "../../firmware/hal/board";
import { VirtualClock } from "../sim/clock";
import { configDocument, UnitSettings } from "../sim/provision";
import { SimUnit } from "../sim/unit";
import { connect, Probe } from "../sim/wire";
import type { EmulationOptions } from "../sim/emulation";
import { DEFAULT_DEADLINE, describeMiss, Dut, matches, PortRole } from "./dut";

export function loadBoard(name: string): BoardDesc {
  return JSON.parse(readFileSync(new URL(`../../boards/${name}.json`, import.meta.url), "utf8"));
}

export function bundlePath(board: string): string {
  return new URL(`../../dist/${board}.js`, import.meta.url).pathname;
}

export interface VirtualDut extends Dut {
  clock: VirtualClock;
  unit: SimUnit;
  probes: Record<PortRole, Probe>;
}

export function virtualDut(
  backend: "ts" | "emu",
  boardName: string,
  settings: UnitSettings,
  options?: EmulationOptions,
  /** Storage's smc.json instead of one made from `settings`; null for none. */
  stored?: string | null,
): VirtualDut {
  const board = loadBoard(boardName);
  const clock = new VirtualClock();
  const firmware =
    backend === "ts"
      ? ({ kind: "ts" } as const)
      : ({ kind: "bundle", code: readFileSync(bundlePath(boardName), "utf8"), options } as const);
  const unit = new SimUnit(clock, board, firmware);
  const doc = stored === undefined ? configDocument(settings) : stored;
  if (doc !== null) unit.hw.storage.write("smc.json", doc);
  const probes = {} as Record<PortRole, Probe>;
  for (const role of ["modem", "linkA", "linkB"] as PortRole[]) {
    probes[role] = new Probe("far." + role);
    if (board.ports[role]) {
      connect(clock, unit.hw.port(role), probes[role]);
    }
  }
  const config = parseConfig(doc ?? undefined).config;
  for (const role of ["modem", "linkA", "linkB"] as PortRole[]) {
    probes[role].setBaud(role === "modem" ? config.modemBaud : config.linkBaud);
  }
  unit.powerOn();
  const wait = <T>(cond: () => T | undefined, deadline: number, what: () => string): Promise<T> => {
    let found: T | undefined;
    clock.runUntil(() => (found = cond()) !== undefined, deadline);
    return found !== undefined ? Promise.resolve(found) : Promise.reject(describeMiss(what(), deadline, clock.now()));
  };
  return {
    backend,
    board,
    config,
    slackMs: 1,
    clock,
    unit,
    probes,
    send: (port, bytes) => probes[port].write(bytes),
    text: (port) => probes[port].text,
    clear: (port) => probes[port].clear(),
    waitFor: (port, needle, deadline = DEFAULT_DEADLINE) =>
      wait(
        () => (matches(probes[port].text, needle) ? probes[port].text : undefined),
        deadline,
        () => `${String(needle)} on ${port}: ${JSON.stringify(probes[port].text)}`,
      ),
    setInput: (role, level) => unit.hw.setInput(role, level),
    output: (role) => unit.hw.output(role),
    waitOutput: (role, level, deadline) =>
      wait(
        () => (unit.hw.output(role) === level ? clock.now() : undefined),
        deadline,
        () => `${role} ${level ? "high" : "low"}; console: ${JSON.stringify(unit.hw.console.output.slice(-400))}`,
      ),
    waitConsole: (needle, deadline) =>
      wait(
        () => (unit.hw.console.output.includes(needle) ? unit.hw.console.output : undefined),
        deadline,
        () => `console ${JSON.stringify(needle)}: ${JSON.stringify(unit.hw.console.output)}`,
      ),
    console: () => unit.hw.console.output,
    now: () => clock.now(),
    pause: async (ms) => clock.advance(ms),
    powerCycle: async () => unit.powerCycle(),
    readFile: async (name) => unit.hw.storage.read(name),
    close: async () => unit.powerOff(),
  };
}
