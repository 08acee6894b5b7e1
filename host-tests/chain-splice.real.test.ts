// Splicing on real interpreters: one process per SMC, UART to UART through
// pseudo-terminals, each STM32 bundle on its board's pool
// (support/boardSites.ts): the relay's links attached to each other with
// the interpreter's own Serial write (hal/espruino.ts), timings shortened
// through the stored config, a heartbeat period long enough for a burst
// to fill under a loaded machine.
import { afterEach, describe, it } from "vitest";
import { realSuiteGate } from "../host/real";
import type { SiteDut, SiteOptions } from "../host/dut/siteDut";
import { realSite } from "../host/dut/realSite";
import { spliceFailover, spliceScenarios } from "./scenarios/splice";
import { BINARIES_TITLE, boardBinariesGate, lineupTitle, linksLineup } from "./support/boardSites";

const run = boardBinariesGate(realSuiteGate().run);
const FAST = { resetMs: 150, heartbeatMs: 500, linkDownMs: 1800, requestMs: 4000, idleMs: 20000 };

describe.skipIf(!run)(`splicing on the real interpreter (${BINARIES_TITLE})`, () => {
  let site: SiteDut | undefined;
  afterEach(async () => {
    await site?.close();
    site = undefined;
  });
  let turn = 0;
  const test = (name: string, opts: SiteOptions, body: (s: SiteDut) => Promise<void>, timeout = 90000) => {
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
  for (const s of spliceScenarios) test(`chain of 3 processes: ${s.name}`, { size: 3, ring: false, t: { ...FAST, ...s.t } }, s.run);
  test(`ring of 4 processes: ${spliceFailover.name}`, { size: 4, ring: true, t: { ...FAST, ...spliceFailover.t } }, spliceFailover.run);
});
