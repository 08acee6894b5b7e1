// The chain and the ring on real interpreters: one process per SMC, UART to
// UART through pseudo-terminals, timings shortened through the stored config.
import { afterEach, describe, it } from "vitest";
import { realSuiteGate } from "../host/real";
import type { SiteDut } from "../host/dut/siteDut";
import { realSite } from "../host/dut/realSite";
import { callScenarios, chainScenarios, endScenarios, failoverScenarios, floodScenarios, ringFailover } from "./scenarios/chain";

const gate = realSuiteGate();
const FAST = { resetMs: 150, heartbeatMs: 250, linkDownMs: 900, requestMs: 4000, idleMs: 6000 };

describe.skipIf(!gate.run)("chain and ring on the real interpreter", () => {
  let site: SiteDut | undefined;
  afterEach(async () => {
    await site?.close();
    site = undefined;
  });
  for (const s of chainScenarios) {
    it(`chain of 3 processes: ${s.name}`, async () => {
      site = await realSite({ size: 3, ring: false, t: FAST });
      await s.run(site);
    });
  }
  it(`ring of 4 processes: ${chainScenarios[0].name}`, async () => {
    site = await realSite({ size: 4, ring: true, t: FAST });
    await chainScenarios[0].run(site);
  });
  const killed = ringFailover(1, undefined);
  it(`ring of 4 processes: ${killed.name} (process killed)`, async () => {
    site = await realSite({ size: 4, ring: true, t: FAST });
    await killed.run(site);
  });
  const cut = ringFailover(undefined, [1, 2]);
  it(`ring of 4 processes: ${cut.name}`, async () => {
    site = await realSite({ size: 4, ring: true, t: FAST });
    await cut.run(site);
  });
  for (const s of callScenarios) {
    const conflict = s.name.includes("head's ID");
    it(`chain of 3 processes: ${s.name}`, async () => {
      // A target's own session idles out after idleMs without a command for it: the long call needs more.
      site = await realSite({ size: 3, ring: false, t: { ...FAST, idleMs: 60000 }, ids: conflict ? [1, 1, 3] : undefined });
      await s.run(site);
    }, 120000);
  }
  for (const s of endScenarios) {
    it(`chain of 3 processes: ${s.name}`, async () => {
      site = await realSite({ size: 3, ring: false, t: { ...FAST, ...s.t } });
      await s.run(site);
    }, 60000);
  }
  for (const s of floodScenarios) {
    it(`chain of 3 processes: ${s.name}`, async () => {
      site = await realSite({ size: 3, ring: false, t: FAST });
      await s.run(site);
    }, 60000);
  }
  for (const s of failoverScenarios) {
    it(`chain of 3 processes: ${s.name}`, async () => {
      site = await realSite({ size: 3, ring: false, t: FAST });
      await s.run(site);
    });
  }
});
