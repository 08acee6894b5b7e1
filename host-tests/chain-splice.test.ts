// Splicing on the virtual clock: TypeScript sources and the built bundle in
// the emulation (the scenarios), and, on the sources, what the SMCs hold
// inside: the relay's splice state through a burst and its lease, and
// nothing of it left once the call ends.
import { afterEach, describe, expect, it } from "vitest";
import { virtualSite, VirtualSiteDut } from "../host/dut/virtualSite";
import type { Router } from "../firmware/chain";
import { spliceFailover, spliceScenarios } from "./scenarios/splice";
import { ask, authTo } from "./scenarios/chain";

for (const backend of ["ts", "emu"] as const) {
  describe(`splicing (${backend === "ts" ? "TypeScript sources" : "dist/linux.js in the emulation"})`, () => {
    let site: VirtualSiteDut | undefined;
    afterEach(async () => {
      await site?.close();
      site = undefined;
    });
    for (const s of spliceScenarios) {
      it(`chain of 3: ${s.name}`, async () => {
        site = virtualSite(backend, { size: 3, ring: false, t: s.t });
        await s.run(site);
      });
    }
    it(`ring of 4: ${spliceFailover.name}`, async () => {
      site = virtualSite(backend, { size: 4, ring: true, t: spliceFailover.t });
      await spliceFailover.run(site);
    });
  });
}

describe("splicing inside the SMCs (TypeScript sources)", () => {
  let site: VirtualSiteDut | undefined;
  afterEach(async () => {
    await site?.close();
    site = undefined;
  });
  const router = (u: number): Router => site!.site.units[u].smc!.ctx.router;

  it("chain of 3: a few requests never splice; a burst does: Free, then Spliced, Free at the lease's end; the ends' promises (sp) and the first lines after it (d) are gone once it ends, and nothing after LOGOUT", async () => {
    site = virtualSite("ts", { size: 3, ring: false });
    for (let u = 1; u < 3; u++) await site.waitConsole(u, "LINK B up", 10000);
    await authTo(site, 3);
    const links = (u: number) => router(u).links;
    // A few commands' frames: no offer (fewer than a burst in a heartbeat period).
    for (let i = 0; i < 3; i++) expect(await ask(site, "@3 POWER STATE")).toBe("POWER OFF\r\nOK\r\n");
    expect(site.cables()).not.toMatch(/#S/);
    const states: number[] = [];
    const hb = site.t.heartbeatMs;
    let spliced = -1;
    for (let i = 0; i < 60; i++) {
      expect(await ask(site, "@3 POWER STATE")).toBe("POWER OFF\r\nOK\r\n");
      const sx = router(1).sx;
      if (states[states.length - 1] !== sx) states.push(sx);
      if (sx === 2 && spliced < 0) spliced = site.now();
      if (sx === 2) {
        // Each end promised: its link toward SMC 2 holds hop-by-hop frames.
        expect(links(0)[0].sp).toBeGreaterThan(0);
        expect(links(2)[1].sp).toBeGreaterThan(0);
      }
    }
    // Free before the burst reached a splice, Spliced within it.
    expect(states[0]).toBe(0);
    expect(states).toContain(2);
    // The lease: two heartbeat periods at most, then Free and every promise released.
    await site.pause(2 * hb + 100);
    expect(router(1).sx).toBe(0);
    await site.pause(hb);
    expect([links(0)[0].sp, links(2)[1].sp, links(1)[0].d, links(1)[1].d]).toEqual([0, 0, 0, 0]);
    expect(await ask(site, "LOGOUT")).toBe("OK\r\n");
    await site.waitConsole(1, "flags cleared: call ended", 5000);
    for (let u = 0; u < 3; u++) {
      const r = router(u);
      expect([r.sx, r.sm, r.xc]).toEqual([0, 0, ""]);
    }
  });
});
