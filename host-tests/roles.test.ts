// Roles (docs/protocol.md, "Roles") on the virtual clock: one SMC at a
// terminal with three accounts, and a chain whose far SMC enforces its
// own account's role on requests from the head; the TypeScript sources and
// the built bundle in the emulation.
import { afterEach, describe } from "vitest";
import { it } from "vitest";
import type { SiteDut } from "../host/dut/siteDut";
import { virtualDut } from "../host/dut/virtualDut";
import { virtualSite } from "../host/dut/virtualSite";
import { UNIT } from "./scenarios/common";
import { roleScenarios, roleSiteScenarios } from "./scenarios/roles";
import { scenarioSuite } from "./support/suite";

for (const backend of ["ts", "emu"] as const) {
  const title = backend === "ts" ? "TypeScript sources" : "dist/linux.js in the emulation";
  scenarioSuite(`roles, one SMC at a terminal (${title})`, roleScenarios, (s) => virtualDut(backend, "linux", UNIT, undefined, s.stored));

  describe(`roles on a chain (${title})`, () => {
    let site: SiteDut | undefined;
    afterEach(async () => {
      await site?.close();
      site = undefined;
    });
    for (const s of roleSiteScenarios) {
      it(s.name, async () => {
        site = virtualSite(backend, s.shape);
        await s.run(site);
      });
    }
  });
}
