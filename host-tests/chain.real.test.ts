// The chain and the ring on real interpreters: one process per SMC, UART to
// UART through pseudo-terminals, timings shortened through the stored config.
// The STM32 boards' bundles, each on its board's pool (support/boardSites.ts
// says which board takes which place): a Pico or a Nucleo heads a chain, the
// Originals (the only STM32 board with both links) follow and make the ring.
import { afterEach, describe, expect, it } from "vitest";
import { realSuiteGate } from "../host/real";
import type { SiteDut, SiteOptions } from "../host/dut/siteDut";
import { realSite } from "../host/dut/realSite";
import { answerHopLimit, callScenarios, chainScenarios, circlingSearch, deadSinceBoot, searchAskedAgain, searchBothWays, quickReboot, renumbered, endScenarios, failoverScenarios, floodScenarios, ringFailover } from "./scenarios/chain";
import { BINARIES_TITLE, boardBinariesGate, lineupTitle, linksLineup } from "./support/boardSites";

const run = boardBinariesGate(realSuiteGate().run);
const FAST = { resetMs: 150, heartbeatMs: 250, linkDownMs: 900, requestMs: 4000, idleMs: 6000 };

describe.skipIf(!run)(`chain and ring on the real interpreter (${BINARIES_TITLE})`, () => {
  let site: SiteDut | undefined;
  afterEach(async () => {
    await site?.close();
    site = undefined;
  });
  // Each test's head takes its turn: the Pico's and the Nucleo's bundles both head chains.
  let turn = 0;
  const on = (opts: SiteOptions): { boards: string[]; title: string } => {
    const boards = linksLineup(opts.size, opts.ring, turn++);
    return { boards, title: lineupTitle(boards) };
  };
  const test = (name: string, opts: SiteOptions, body: (s: SiteDut) => Promise<void>, timeout?: number) => {
    const { boards, title } = on(opts);
    it(
      name + title,
      async () => {
        site = await realSite(opts, { boards });
        await body(site);
      },
      timeout,
    );
  };
  for (const s of chainScenarios) test(`chain of 3 processes: ${s.name}`, { size: 3, ring: false, t: FAST }, s.run);
  test(`ring of 4 processes: ${chainScenarios[0].name}`, { size: 4, ring: true, t: FAST }, chainScenarios[0].run);
  const killed = ringFailover(1, undefined);
  test(`ring of 4 processes: ${killed.name} (process killed)`, { size: 4, ring: true, t: FAST }, killed.run);
  test(`one process: ${renumbered.name}`, { size: 1, ring: false, t: FAST }, renumbered.run);
  test(`chain of 2 processes: ${quickReboot.name}`, { size: 2, ring: false, t: FAST }, quickReboot.run, 60000);
  test(`ring of 4 processes: ${deadSinceBoot.name}`, { size: 4, ring: true, t: FAST }, deadSinceBoot.run, 60000);
  const cut = ringFailover(undefined, [1, 2]);
  test(`ring of 4 processes: ${cut.name}`, { size: 4, ring: true, t: FAST }, cut.run);
  // Searches and answers round a ring (docs/protocol.md, "Searches round a ring").
  for (const s of [circlingSearch, searchBothWays, searchAskedAgain]) test(`ring of 4 processes: ${s.name}`, { size: 4, ring: true, t: FAST }, s.run, 60000);
  test(`chain of 3 processes: ${answerHopLimit.name}`, { size: 3, ring: false, t: { ...FAST, idleMs: 60000 } }, answerHopLimit.run, 60000);
  for (const s of callScenarios) {
    const conflict = s.name.includes("head's ID");
    // A target's own session idles out after idleMs without a command for it: the long call needs more.
    test(`chain of 3 processes: ${s.name}`, { size: 3, ring: false, t: { ...FAST, idleMs: 60000 }, ids: conflict ? [1, 1, 3] : undefined }, s.run, 120000);
  }
  for (const s of endScenarios) test(`chain of 3 processes: ${s.name}`, { size: 3, ring: false, t: { ...FAST, ...s.t } }, s.run, 60000);
  for (const s of floodScenarios) test(`chain of 3 processes: ${s.name}`, { size: 3, ring: false, t: FAST }, s.run, 60000);
  for (const s of failoverScenarios) test(`chain of 3 processes: ${s.name}`, { size: 3, ring: false, t: FAST }, s.run);
  it("a board put where its ports do not fit (a Pico after the head of a links chain: no link B) is refused with the reason", async () => {
    await expect(realSite({ size: 2, ring: false, t: FAST }, { boards: ["pico", "pico"] })).rejects.toThrow("unit 1 (pico) has no linkB");
  });
});
