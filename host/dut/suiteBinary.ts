// Which interpreter a board's bundle boots on in the real-interpreter
// suite. The STM32 boards' bundles boot on the board-layout binary with
// their board's pool (espruino-pico for the Pico and the Nucleo,
// espruino-original for the Original), so a scenario that passes there
// passed in a board's memory; boards with no such binary (Linux, ESP32) on
// bin/espruino, which grows as needed.
//
// The one switch: host/build/fit.ts MEASURED[board].binary, the binary a
// bundle was measured on. The Original's bundle does not boot on its own
// 2,756 variables yet, so fit.ts says espruino-pico for it and its
// scenarios run there; when it fits, setting fit.ts's binary to
// espruino-original moves the bench, the fit check's test and every real
// scenario of the Original onto its own pool at once.
import { MEASURED } from "../build/fit";
import { boardBinary, boardBinaryFor, type BoardBinary } from "../real";

export interface SuiteBinary {
  /** The board-layout binary, or undefined for bin/espruino. */
  name?: BoardBinary;
  /** Its path; undefined means bin/espruino (also when the binary is missing here: suiteBinaryMissing says so). */
  path?: string;
  /** The board's own binary, when `name` stands in for it. */
  standsInFor?: BoardBinary;
}

export function suiteBinary(board: string): SuiteBinary {
  const own = boardBinaryFor(board);
  const name = MEASURED[board]?.binary ?? own;
  if (!name) return {};
  return { name, path: boardBinary(name), standsInFor: name !== own ? own : undefined };
}

/** A board-layout binary the given boards need and this machine lacks (the suite then cannot run them on a board's pool). */
export function suiteBinaryMissing(boards: string[]): BoardBinary | undefined {
  for (const b of boards) {
    const s = suiteBinary(b);
    if (s.name && !s.path) return s.name;
  }
  return undefined;
}

/** "espruino-pico, 5,100 variables" and why, for test titles. */
export function suiteBinaryTitle(board: string): string {
  const s = suiteBinary(board);
  if (!s.name) return "bin/espruino";
  const pool = s.name === "espruino-pico" ? "5,100" : "2,756";
  return `${s.name}, ${pool} variables${s.standsInFor ? `: it does not boot on ${s.standsInFor}'s pool yet` : ""}`;
}
