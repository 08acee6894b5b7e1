// Every test fails if a virtual clock caught an exception while it ran. On
// the virtual backends a throw in a timer callback (the firmware's timers,
// its UART handlers, the simulated hardware's) is caught by the clock, as a
// board prints "Uncaught" and goes on; without this check nobody would see
// it and a scenario could pass over a crashed handler. Loaded for every test
// file by vitest.config.ts (setupFiles).
import { afterEach } from "vitest";
import { onClockError } from "../../host/sim/clock";

interface Caught {
  error: unknown;
  at: number;
}

let caught: Caught[] = [];
onClockError((error, at) => caught.push({ error, at }));

function describe(c: Caught): string {
  const e = c.error;
  const text = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
  return `at virtual time ${c.at} ms: ${text}`;
}

/**
 * Takes the exceptions caught since the last call and throws one error
 * naming them all, if there were any. A test that provokes one on purpose
 * calls this itself and checks what it throws.
 */
export function takeClockErrors(): void {
  const got = caught;
  caught = [];
  if (!got.length) return;
  throw new Error(`a virtual clock caught ${got.length} exception(s) thrown by timer callbacks:\n` + got.map(describe).join("\n"));
}

/**
 * Takes the exceptions caught since the last call that a test provoked on
 * purpose (their message matches `expected`), and returns how many; any
 * other one fails the test as takeClockErrors does.
 */
export function takeExpectedClockErrors(expected: RegExp): number {
  const got = caught.filter((c) => expected.test(c.error instanceof Error ? c.error.message : String(c.error)));
  caught = caught.filter((c) => !got.includes(c));
  takeClockErrors();
  return got.length;
}

// Registered by the setup file, so it runs after the test's own afterEach
// hooks (vitest runs after-hooks in reverse), once the unit is powered off.
afterEach(() => takeClockErrors());
