// The wall clock (issue 17) on the virtual clock: the TypeScript sources on
// the mocked HAL and the built bundle in the Espruino emulation; one SMC at
// a terminal, a chain of 3 and a ring of 4, and the real ipmitool binary.
import { afterEach, describe, expect, it } from "vitest";
import type { Site } from "../host/sim/site";
import type { SiteDut } from "../host/dut/siteDut";
import { virtualDut } from "../host/dut/virtualDut";
import { virtualSite } from "../host/dut/virtualSite";
import { UNIT } from "./scenarios/common";
import { T, timeIpmitoolScenarios, timeScenarios, timeSiteScenario } from "./scenarios/time";
import { consoleSite, runConsole, siteFile } from "./support/consoleSite";
import { hasIpmitool } from "./support/ipmitool";
import { scenarioSuite } from "./support/suite";

for (const backend of ["ts", "emu"] as const) {
  const title = backend === "ts" ? "TypeScript sources" : "dist/linux.js in the emulation";
  scenarioSuite(`wall clock, one SMC at a terminal (${title})`, timeScenarios, (s) => virtualDut(backend, "linux", UNIT, undefined, s.stored));
  scenarioSuite(`wall clock, ipmitool against the simulated SMC (${title})`, timeIpmitoolScenarios, (s) => virtualDut(backend, "linux", UNIT, undefined, s.stored), !hasIpmitool);

  describe(`wall clock along the chain (${title})`, () => {
    let site: SiteDut | undefined;
    afterEach(async () => {
      await site?.close();
      site = undefined;
    });
    for (const shape of [{ size: 3, ring: false }, { size: 4, ring: true }]) {
      it(`${shape.ring ? "ring" : "chain"} of ${shape.size}: ${timeSiteScenario.name}`, async () => {
        site = virtualSite(backend, shape);
        await timeSiteScenario.run(site);
      });
    }
  });
}

// smc-console sends this machine's time after its first AUTH of a call
// (here a clock at T when the site's virtual clock starts).
describe("smc-console sends the time after connecting (simulated chain of 3, dialled)", () => {
  let site: Site | undefined;
  afterEach(() => {
    for (const u of site?.units ?? []) u.powerOff();
    site = undefined;
  });
  const requests = (sent: string) => [...sent.matchAll(/!\d+ ([^*]*)\*[0-9A-F]{4}\r/g)].map((m) => m[1].replace(/^(AUTH HMAC \S+) [0-9a-f]{64}$/, "$1 <proof>"));

  it("TIME right after the first AUTH, once a call; the log then shows the time of day, on SMC 3 too (taken from the heartbeats)", async () => {
    const s0 = consoleSite();
    site = s0;
    const s = siteFile({ ids: [1, 3] });
    const io = { callOptions: { framed: { firstSeq: 0 }, wallTime: () => T * 1000 + s0.clock.now() } };
    const r = await runConsole(s0, ["--site", s.file, "status", "1", "3"], s.env, { io });
    expect(r.code).toBe(0);
    const sent = requests(r.sent);
    expect(sent.slice(0, 3)).toEqual(["CHAL", "AUTH HMAC admin <proof>", expect.stringMatching(/^TIME \d+$/)]);
    expect(sent.filter((x) => x.startsWith("TIME"))).toHaveLength(1);
    expect(sent).toEqual(["CHAL", "AUTH HMAC admin <proof>", sent[2], "@1 STATUS", "CHAL", "AUTH HMAC admin <proof>", "@3 STATUS", "BYE"]);
    const at = Number(sent[2].split(" ")[1]);
    expect(at - T).toBeGreaterThanOrEqual(5);
    expect(at - T).toBeLessThan(30);
    // The head's own record of it, then SMC 3's, read in the next call.
    const log1 = await runConsole(s0, ["--site", s.file, "log", "1"], s.env, { io });
    expect(log1.out).toMatch(/^ +\d+  2026-12-01T14:00:\d\dZ  TIME     set by the console, was unknown$/m);
    // The second call's TIME is routine (a second or less off): no record of it.
    expect(log1.out.match(/ TIME {5}set by the console/g)).toHaveLength(1);
    const log3 = await runConsole(s0, ["--site", s.file, "log", "3", "--json"], s.env, { io });
    const recs: { code: string; text: string; time: string | null; uptimeMs: number | null }[] = JSON.parse(log3.out).smcs[0].records;
    const took = recs.find((x) => x.code === "TIME")!;
    expect(took.text).toBe("from SMC 2 via link B");
    expect(took.time).toMatch(/^2026-12-01T14:00:\d\dZ$/);
    expect(took.uptimeMs).toBeNull();
    expect(recs[0].time).toBeNull();
    expect(recs[0].uptimeMs).toBeGreaterThanOrEqual(0);
  });
});
