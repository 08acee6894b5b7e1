// `status all` against a site of real Espruino interpreters (one process per
// SMC, links through pseudo-terminals), the console on SMC 1's modem port
// as over a null-modem cable: the same library and CLI as everywhere.
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../host/console/cli";
import type { ByteStream } from "../host/console/stream";
import { realSite } from "../host/dut/realSite";
import { loadedDeadline, realSuiteGate, type RealBoard } from "../host/real";
import type { SiteDut } from "../host/dut/siteDut";
import { siteFile } from "./support/consoleSite";

const gate = realSuiteGate();
const FAST = { resetMs: 150, heartbeatMs: 250, linkDownMs: 900, requestMs: 4000, idleMs: 6000 };

/** SMC 1's modem port (its Serial1 pty, through this process) as the console's byte stream. */
function modemPort(board: RealBoard): ByteStream {
  const uart = board.uart(1);
  return {
    name: "real://smc1",
    hasDtr: false,
    write: (b) => uart.write(b),
    onData: (cb) => uart.onData((d) => cb(d.toString("latin1"))),
    onClose: () => undefined,
    dropDtr: async () => false,
    close: async () => undefined,
  };
}

describe.skipIf(!gate.run)("smc-console on a chain of 3 real interpreters", () => {
  let site: (SiteDut & { boards: RealBoard[] }) | undefined;
  afterEach(async () => {
    await site?.close();
    site = undefined;
  });

  it("status all: one row per SMC, exit 0, the call ended with BYE on every SMC", async () => {
    site = await realSite({ size: 3, ring: false, t: FAST });
    const s = site;
    // Every link up before the call (heartbeats every 250 ms).
    // Heartbeats every 250 ms: each link is up within a second of boot.
    await s.waitConsole(1, "LINK B up", loadedDeadline(1000));
    await s.waitConsole(1, "LINK A up", loadedDeadline(1000));
    const f = siteFile({ ids: [1, 2, 3], dial: null });
    let out = "";
    let err = "";
    const code = await main(["--site", f.file, "--where", "real://smc1", "status", "all"], {
      env: f.env,
      stdout: { write: (t) => (out += t) },
      stderr: { write: (t) => (err += t) },
      open: async () => modemPort(s.boards[0]),
    });
    expect(err).toBe("");
    expect(code).toBe(0);
    const rows = out.trimEnd().split("\n");
    expect(rows[0]).toBe("ID  POWER  UPTIME  TEMP  INPUTS  LINKS             BOOTS  RESULT");
    expect(rows.slice(1).map((l) => l.trim().split(/\s+/))).toEqual([
      ["1", "OFF", expect.stringMatching(/^\d+s$/), expect.stringMatching(/^(-|\d+\.\d)$/), "ok", "(2)", "A:up(2)", "B:silent", "1", "ok"],
      ["2", "OFF", expect.stringMatching(/^\d+s$/), expect.stringMatching(/^(-|\d+\.\d)$/), "ok", "(2)", "A:up(3)", "B:up(1)", "1", "ok"],
      ["3", "OFF", expect.stringMatching(/^\d+s$/), expect.stringMatching(/^(-|\d+\.\d)$/), "ok", "(2)", "A:silent", "B:up(2)", "1", "ok"],
    ]);
    // BYE's X frame reaches SMC 3 two hops on, in milliseconds.
    await s.waitConsole(2, "LOGOUT call ended", loadedDeadline(500));
  });
});
