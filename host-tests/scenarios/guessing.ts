// The waits of failed AUTHs (docs/protocol.md, "Guessing"), written once for
// every backend: the n-th failure in a row is answered t.failDelayMs *
// 2^(n-1) after it, never sooner, and the console runs nothing else
// meanwhile. On the real interpreter each answer is waited for with a
// deadline, and it must not have come before its wait.
import { expect } from "vitest";
import { configDocument } from "../../host/sim/provision";
import { finalSeen } from "../../host/dut/dut";
import { UNIT, USER } from "./common";
import type { Scenario } from "./terminal";
import { echoOf } from "../support/echo";

const FAIL_DELAY_MS = 1000;
/** Longer than the whole scenario: the third failure's lockout does not end in it. */
const LOCKOUT_MS = 60000;
const stored = configDocument({ ...UNIT, t: { lockoutMs: LOCKOUT_MS, failDelayMs: FAIL_DELAY_MS } });

export const guessingScenarios: Scenario[] = [
  {
    name: "failures in a row are answered 1 s, 2 s, 4 s after them; a command typed meanwhile runs after the answer; then locked out",
    stored,
    async run(dut) {
      await dut.waitConsole("BOOT", 5000);
      for (let n = 1; n <= 3; n++) {
        const wait = FAIL_DELAY_MS * 2 ** (n - 1);
        const line = `AUTH ${USER} wrong-${n}`;
        dut.clear("modem");
        const sent = dut.now();
        // STATUS typed at once after it: queued until the AUTH is answered.
        dut.send("modem", line + "\rSTATUS\r");
        const got = await dut.waitFor("modem", (t) => t.includes("ERR 6") && finalSeen(t), wait + dut.slackMs + 2000);
        const answeredAt = dut.now();
        // The echo of both lines, then the AUTH's answer, then STATUS's.
        expect(got).toBe(`${echoOf(line)}\r\nSTATUS\r\nERR 7 authentication failed\r\nERR 6 not authenticated\r\n`);
        expect(answeredAt - sent).toBeGreaterThanOrEqual(wait);
        expect(answeredAt - sent).toBeLessThan(wait + dut.slackMs + 1000);
      }
      // The third locked AUTH: refused at once, without a wait.
      const sent = dut.now();
      dut.clear("modem");
      dut.send("modem", `AUTH ${USER} wrong-4\r`);
      expect(await dut.waitFor("modem", finalSeen, dut.slackMs + 1000)).toBe(`AUTH ${USER} *******\r\nERR 8 locked out\r\n`);
      expect(dut.now() - sent).toBeLessThan(dut.slackMs + 1000);
      await dut.waitConsole("AUTHFAIL no SMC has these credentials, AUTH locked (admin) call 0, wait 4000 ms", 1000);
    },
  },
];
