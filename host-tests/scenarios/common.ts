// Shared pieces of the scenarios: the unit under test and how to talk to it.
import { expect } from "vitest";
import type { UnitSettings } from "../../host/sim/provision";
import { finalSeen, type Dut } from "../../host/dut/dut";
import { echoOf } from "../support/echo";

export const USER = "admin";
export const PASSWORD = "s3cret-pass";

/** The unit every single-SMC scenario runs: a terminal wired to UART1, board timings as shipped. */
export const UNIT: UnitSettings = {
  id: 7,
  user: USER,
  password: PASSWORD,
  salt: "00112233445566778899aabbccddeeff",
  modem: "direct",
  operator: { user: "oper", password: "op-pass-1" },
};

/**
 * The same unit with its timings shortened through the stored config, so the
 * wall-clock suite on the real interpreter stays short.
 */
export const UNIT_FAST: UnitSettings = {
  ...UNIT,
  t: { resetMs: 150, pressMs: 100, holdMs: 300, cycleGapMs: 150, powerGoodMs: 600, idleMs: 1500, lockoutMs: 1200, failDelayMs: 1 },
};

/** Types `line` + CR on the modem port; resolves with everything received up to `final`. */
export async function typed(dut: Dut, line: string, final?: string, deadlineMs?: number): Promise<string> {
  dut.clear("modem");
  dut.send("modem", line + "\r");
  return dut.waitFor("modem", final === undefined ? finalSeen : final + "\r\n", deadlineMs);
}

/** Types a command and asserts the exact bytes that come back (echo included). */
export async function expectExchange(dut: Dut, line: string, replyLines: string[]): Promise<void> {
  const got = await typed(dut, line);
  expect(got).toBe(echoOf(line) + "\r\n" + replyLines.map((l) => l + "\r\n").join(""));
}

export async function login(dut: Dut): Promise<void> {
  await expectExchange(dut, `AUTH ${USER} ${PASSWORD}`, [`ID ${dut.config.id}`, "OK"]);
}
