// The chain and the ring on the virtual clock: TypeScript sources, and the
// built bundle in the emulation.
import { afterEach, describe, it } from "vitest";
import type { SiteDut } from "../host/dut/siteDut";
import { virtualSite } from "../host/dut/virtualSite";
import { answerHopLimit, chainScenarios, circlingSearch, deadSinceBoot, quickReboot, renumbered, failoverScenarios, ringFailover, searchAskedAgain, searchBothWays, SHAPES } from "./scenarios/chain";

for (const backend of ["ts", "emu"] as const) {
  describe(`chain and ring (${backend === "ts" ? "TypeScript sources" : "dist/linux.js in the emulation"})`, () => {
    let site: SiteDut | undefined;
    afterEach(async () => {
      await site?.close();
      site = undefined;
    });
    for (const shape of SHAPES) {
      for (const s of chainScenarios) {
        it(`${shape.ring ? "ring" : "chain"} of ${shape.size}: ${s.name}`, async () => {
          site = virtualSite(backend, shape);
          await s.run(site);
        });
      }
    }
    for (const s of failoverScenarios) {
      it(`chain of 4: ${s.name}`, async () => {
        site = virtualSite(backend, { size: 4, ring: false });
        await s.run(site);
      });
    }
    for (let dead = 1; dead < 8; dead++) {
      const s = ringFailover(dead, undefined);
      it(`ring of 8: ${s.name}`, async () => {
        site = virtualSite(backend, { size: 8, ring: true });
        await s.run(site);
      });
    }
    it(`one SMC: ${renumbered.name}`, async () => {
      site = virtualSite(backend, { size: 1, ring: false });
      await renumbered.run(site);
    });
    it(`chain of 2: ${quickReboot.name}`, async () => {
      site = virtualSite(backend, { size: 2, ring: false });
      await quickReboot.run(site);
    });
    for (const size of [4, 5]) {
      it(`ring of ${size}: ${deadSinceBoot.name}`, async () => {
        site = virtualSite(backend, { size, ring: true });
        await deadSinceBoot.run(site);
      });
    }
    it(`chain of 3: ${answerHopLimit.name}`, async () => {
      site = virtualSite(backend, { size: 3, ring: false });
      await answerHopLimit.run(site);
    });
    for (const size of [3, 4, 8]) {
      it(`ring of ${size}: ${circlingSearch.name}`, async () => {
        site = virtualSite(backend, { size, ring: true });
        await circlingSearch.run(site);
      });
    }
    for (const size of [4, 8]) {
      for (const s of [searchBothWays, searchAskedAgain]) {
        it(`ring of ${size}: ${s.name}`, async () => {
          site = virtualSite(backend, { size, ring: true });
          await s.run(site);
        });
      }
    }
    for (let a = 0; a < 8; a++) {
      const s = ringFailover(undefined, [a, (a + 1) % 8]);
      it(`ring of 8: ${s.name}`, async () => {
        site = virtualSite(backend, { size: 8, ring: true });
        await s.run(site);
      });
    }
  });
}
