// Where the real Espruino interpreter and socat are, and whether the
// real-interpreter suite can run here.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface Tools {
  bin?: string;
  socat?: string;
  missing?: string;
}

export function findInterpreter(): Tools {
  // What host/real/build-espruino.sh built into the project, else beside
  // the project (the workplace's layout), else the workplace's own copy,
  // for a checkout made elsewhere (a CI runner's folder).
  const candidates = [path.resolve(ROOT, ".espruino/bin/espruino"), path.resolve(ROOT, "../shared/espruino/bin/espruino"), "/work/shared/espruino/bin/espruino"];
  const bin = process.env.ESPRUINO_BIN || candidates.find((c) => existsSync(c)) || candidates[0];
  const socat = spawnSync("sh", ["-c", "command -v socat"], { encoding: "utf8" }).stdout.trim();
  const missing: string[] = [];
  if (!existsSync(bin)) missing.push(`the Espruino interpreter (${bin}; set ESPRUINO_BIN to its path, or build it: host/real/build-espruino.sh)`);
  if (!socat) missing.push("socat, for the pseudo-terminal UARTs (apt-get install socat)");
  return { bin: existsSync(bin) ? bin : undefined, socat: socat || undefined, missing: missing.length ? missing.join(" and ") : undefined };
}

let announced = false;

/**
 * Whether to run the real-interpreter suite. Missing tools skip it with one
 * loud line, except under CI=true, where they are a failure.
 */
export function realSuiteGate(): { run: boolean; reason?: string } {
  const t = findInterpreter();
  if (!t.missing) return { run: true };
  const reason = `REAL-INTERPRETER SUITE SKIPPED: missing ${t.missing}`;
  if (process.env.CI === "true") throw new Error(reason.replace("SKIPPED", "CANNOT RUN (CI=true)"));
  if (!announced) console.warn("\n*** " + reason + " ***\n");
  announced = true;
  return { run: false, reason };
}

/**
 * Room a wait on the real interpreter gets beyond the time it expects. On an
 * idle machine a bundle boots in 50-100 ms and a reply takes a few ms; with
 * eight suites sharing two cores a boot was seen to take more than 5 s, and
 * an interpreter's timers and our polls run late by as much. A late answer
 * is not the firmware's failure, a missing one is: each wait expects its
 * event within `expectedMs` (what the firmware needs, with its own margin)
 * and gives up only after loadedDeadline(expectedMs).
 */
export const LOAD_ROOM_MS = 10000;

export function loadedDeadline(expectedMs: number): number {
  return expectedMs + LOAD_ROOM_MS;
}

/**
 * Polls `cond` every ~2 ms until it holds; rejects after
 * loadedDeadline(expectedMs), naming `what` (a function, so the message
 * says what had been seen by then).
 */
export function waitFor(cond: () => boolean, expectedMs: number, what: string | (() => string)): Promise<void> {
  return pollFor(cond, loadedDeadline(expectedMs), what, `expected within ${expectedMs} ms, `);
}

/** As waitFor, with `deadlineMs` exactly: for a try that is retried (the REPL's lost lines). */
export function pollFor(cond: () => boolean, deadlineMs: number, what: string | (() => string), why = ""): Promise<void> {
  const start = performance.now();
  const end = start + deadlineMs;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (cond()) return resolve();
      if (performance.now() > end) {
        const waited = Math.round(performance.now() - start);
        return reject(new Error(`timed out after ${waited} ms (${why}deadline ${deadlineMs} ms) waiting for ${typeof what === "string" ? what : what()}`));
      }
      setTimeout(tick, 2);
    };
    tick();
  });
}

/** The board-layout interpreters (13-byte variables, the board's own pool) beside bin/espruino. */
export type BoardBinary = "espruino-pico" | "espruino-original";

/** Which board-layout binary has a board's memory: the Original's, or the Pico's for the other STM32 boards; none for the rest. */
export function boardBinaryFor(board: string): BoardBinary | undefined {
  if (board === "original") return "espruino-original";
  if (board === "pico" || board === "nucleo-f401re") return "espruino-pico";
  return undefined;
}

/** Path of a board-layout binary beside the interpreter findInterpreter() found, if it is there. */
export function boardBinary(name: BoardBinary): string | undefined {
  const bin = findInterpreter().bin;
  const p = bin && path.join(path.dirname(bin), name);
  return p && existsSync(p) ? p : undefined;
}
