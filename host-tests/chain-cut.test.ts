// Cut-through on the virtual clock: TypeScript sources and the built bundle
// in the emulation (the scenarios), and, on the sources, what the SMCs hold
// inside: that the relay cut through, that the frames were through frames,
// and that nothing of cut-through outlives the call.
import { afterEach, describe, expect, it } from "vitest";
import { virtualSite, VirtualSiteDut } from "../host/dut/virtualSite";
import type { Router } from "../firmware/chain";
import { finalSeen } from "../host/dut/dut";
import { ask, authTo, statusOf } from "./scenarios/chain";
import { cutFailover, cutScenarios, cutWrap } from "./scenarios/cutThrough";

for (const backend of ["ts", "emu"] as const) {
  describe(`cut-through (${backend === "ts" ? "TypeScript sources" : "dist/linux.js in the emulation"})`, () => {
    let site: VirtualSiteDut | undefined;
    afterEach(async () => {
      await site?.close();
      site = undefined;
    });
    for (const s of cutScenarios) {
      it(`chain of 3: ${s.name}`, async () => {
        site = virtualSite(backend, { size: 3, ring: false, t: s.t });
        await s.run(site);
      });
    }
    it(`chain of 4: ${cutWrap.name}`, async () => {
      site = virtualSite(backend, { size: 4, ring: false, t: cutWrap.t });
      await cutWrap.run(site);
    });
    it(`ring of 4: ${cutFailover.name}`, async () => {
      site = virtualSite(backend, { size: 4, ring: true, t: cutFailover.t });
      await cutFailover.run(site);
    });
  });
}

describe("cut-through inside the SMCs (TypeScript sources)", () => {
  let site: VirtualSiteDut | undefined;
  afterEach(async () => {
    await site?.close();
    site = undefined;
  });
  const router = (u: number): Router => site!.site.units[u].smc!.ctx.router;
  /** Kind letters of the frames unit `from` sends to unit `to`, from now on. */
  const kinds = (from: number, to: number): string[] => {
    const seen: string[] = [];
    const w = site!.site.wire(from, to);
    const end = site!.site.units[from].hw.port(from < to ? "linkA" : "linkB");
    let last = "";
    w.faults = {
      drop: (byte: string, sender: unknown) => {
        if (sender === end && last === "#") seen.push(byte);
        if (sender === end) last = byte;
        return false;
      },
    };
    return seen;
  };

  it("chain of 4: the two SMCs between cut through; requests and replies go as q and r, acknowledged end to end by k; LOGOUT leaves nothing of it", async () => {
    site = virtualSite("ts", { size: 4, ring: false });
    await (async () => {
      for (let u = 1; u < 4; u++) await site!.waitConsole(u, "LINK B up", 10000);
    })();
    await authTo(site, 4);
    expect(router(0).thr).toEqual({ 4: 2 });
    const call = router(0).headCall.toString(16).toUpperCase().padStart(8, "0");
    for (const u of [1, 2]) expect(router(u).xc).toBe(call);
    for (const u of [0, 3]) expect(router(u).xc).toBe("");
    const out = kinds(0, 1);
    const back = kinds(2, 1);
    await statusOf(site, 4, false);
    // SMC 4 answers at once: its r is the q's acknowledgement (no k for
    // the q), and the head takes it as one (its q is sent once).
    expect(out.filter((k) => k !== "H")).toEqual(["q", "k"]);
    expect(back.filter((k) => k !== "H")).toEqual(["r"]);
    // The relays read none of it: nothing of it was acknowledged hop by hop.
    expect(await ask(site, "LOGOUT")).toBe("OK\r\n");
    await site.waitConsole(3, "LOGOUT call ended", 5000);
    for (let u = 0; u < 4; u++) {
      expect(router(u).thr).toEqual({});
      expect(router(u).call).toBe(0);
      expect(router(u).xc).toBe("");
      for (const l of router(u).links) expect(l.xs).toBe(-1);
    }
  });

  it("chain of 3: a request whose answer is not ready at once (POWER ON waits for power-good) is acknowledged with k at once, its r follows; the head sends its q once", async () => {
    site = virtualSite("ts", { size: 3, ring: false, t: { pressMs: 100, powerGoodMs: 3000 } });
    for (let u = 1; u < 3; u++) await site.waitConsole(u, "LINK B up", 10000);
    await authTo(site, 3);
    await statusOf(site, 3, false);
    const out = kinds(0, 1);
    const back = kinds(2, 1);
    site.clear();
    site.send("@3 POWER ON\r");
    await site.waitOutput(2, "power", true, 10000);
    // The press lasts far longer than the q's retry time (~0.2 s).
    site.site.clock.advance(1000);
    expect(back.filter((k) => k !== "H")).toEqual(["k"]);
    site.setInput(2, "powerGood", true);
    await site.waitFor(finalSeen, 10000);
    expect(site.text()).toBe("@3 POWER ON\r\nPOWER ON\r\nOK\r\n");
    expect(out.filter((k) => k !== "H")).toEqual(["q", "k"]);
    expect(back.filter((k) => k !== "H")).toEqual(["k", "r"]);
  });

  it("chain of 3: a through line of the call with a bad CRC is passed on by the relay, its CRC unread, and counted by the end that reads it; cut-through goes on", async () => {
    site = virtualSite("ts", { size: 3, ring: false });
    for (let u = 1; u < 3; u++) await site.waitConsole(u, "LINK B up", 10000);
    await authTo(site, 3);
    const call = router(0).headCall.toString(16).toUpperCase().padStart(8, "0");
    expect(router(1).xc).toBe(call);
    const relayBad = router(1).links[1].bad;
    const targetLink = router(2).links.filter((l) => l.name === "B")[0];
    const targetBad = targetLink.bad;
    // From the head's side (the relay's link B): a q of the call for SMC 3, its CRC wrong.
    site.inject(1, "linkB", "#q0100" + call + "010300000009POWER STATE*00000000\n");
    site.site.clock.advance(200);
    expect(router(1).links[1].bad).toBe(relayBad);
    expect(router(1).xc).toBe(call);
    expect(targetLink.bad).toBe(targetBad + 1);
    const out = kinds(1, 2);
    await statusOf(site, 3, false);
    expect(out.filter((k) => k !== "H")).toEqual(["q", "k"]);
  });

  it("chain of 3: garbage on the relay's link ends its cut-through at once; the next request goes hop by hop and is answered", async () => {
    site = virtualSite("ts", { size: 3, ring: false });
    for (let u = 1; u < 3; u++) await site.waitConsole(u, "LINK B up", 10000);
    await authTo(site, 3);
    expect(router(1).xc).not.toBe("");
    const bad = router(1).links[1].bad;
    site.inject(1, "linkB", "#q" + "0".repeat(40) + "*00000000\n");
    site.site.clock.advance(10);
    expect(router(1).links[1].bad).toBe(bad + 1);
    expect(router(1).xc).toBe("");
    const out = kinds(1, 2);
    await statusOf(site, 3, false);
    // The relay took the through request as Q, hop by hop; the reply came back as r to it, passed on as R.
    expect(out.filter((k) => k !== "H")).toEqual(["Q", "K"]);
  });
});
