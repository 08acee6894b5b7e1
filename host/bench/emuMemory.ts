// The emulation's measure of memory a booted bundle holds: V8 heap bytes of
// N booted SMCs minus N empty emulated boards, after full GCs, per SMC. It
// tracks growth of the firmware's own state between commits; it is not in
// Espruino variables (the real interpreter's figure is).
import v8 from "node:v8";
import vm from "node:vm";
import type { BoardDesc } from "../../firmware/hal/board";
import { VirtualClock } from "../sim/clock";
import { configDocument } from "../sim/provision";
import { SimUnit } from "../sim/unit";

const N = 20;

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

function boards(code: string | undefined, board: BoardDesc): SimUnit[] {
  const units: SimUnit[] = [];
  const clock = new VirtualClock();
  for (let i = 0; i < N; i++) {
    const u = new SimUnit(clock, board, { kind: "bundle", code: code ?? "" });
    u.hw.storage.write("smc.json", configDocument({ id: 1, user: "admin", password: "x", salt: "0011223344556677", modem: "direct" }));
    u.powerOn();
    units.push(u);
  }
  clock.advance(1000);
  return units;
}

export function emuHeapBytes(code: string, board: BoardDesc): number {
  const before = heapAfterGc();
  const empty = boards(undefined, board);
  const withEmpty = heapAfterGc();
  const booted = boards(code, board);
  const withBooted = heapAfterGc();
  // Both sets stay referenced until measured.
  if (empty.length + booted.length !== 2 * N) throw new Error("unreachable");
  return Math.round((withBooted - withEmpty - (withEmpty - before)) / N);
}
