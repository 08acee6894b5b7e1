// Cut-through on real interpreters: one process per SMC, UART to UART
// through pseudo-terminals, each STM32 bundle on its board's pool
// (support/boardSites.ts), timings shortened through the stored config.
import { afterEach, describe, it } from "vitest";
import { realSuiteGate } from "../host/real";
import type { SiteDut, SiteOptions } from "../host/dut/siteDut";
import { realSite } from "../host/dut/realSite";
import { cutFailover, cutScenarios, cutWrap } from "./scenarios/cutThrough";
import { BINARIES_TITLE, boardBinariesGate, lineupTitle, linksLineup } from "./support/boardSites";

const run = boardBinariesGate(realSuiteGate().run);
const FAST = { resetMs: 150, heartbeatMs: 250, linkDownMs: 900, requestMs: 4000, idleMs: 6000 };

describe.skipIf(!run)(`cut-through on the real interpreter (${BINARIES_TITLE})`, () => {
  let site: SiteDut | undefined;
  afterEach(async () => {
    await site?.close();
    site = undefined;
  });
  let turn = 0;
  const test = (name: string, opts: SiteOptions, body: (s: SiteDut) => Promise<void>, timeout = 60000) => {
    const boards = linksLineup(opts.size, opts.ring, turn++);
    it(
      name + lineupTitle(boards),
      async () => {
        site = await realSite(opts, { boards });
        await body(site);
      },
      timeout,
    );
  };
  for (const s of cutScenarios) test(`chain of 3 processes: ${s.name}`, { size: 3, ring: false, t: { ...FAST, ...s.t } }, s.run);
  // A target's own session idles out after idleMs without a command for it: the long call needs more.
  test(`chain of 4 processes: ${cutWrap.name}`, { size: 4, ring: false, t: { ...FAST, idleMs: 60000 } }, cutWrap.run, 180000);
  test(`ring of 4 processes: ${cutFailover.name}`, { size: 4, ring: true, t: { ...FAST, ...cutFailover.t } }, cutFailover.run);
});
