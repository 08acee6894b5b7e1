// SoakSite over a virtual site (TypeScript sources or the bundle in the
// emulation): a ring of SMCs, the primary modem on the first, a backup on
// the second, servers behind every SMC, on one virtual clock.
import { readFileSync } from "node:fs";
import type { Timings } from "../../firmware/config";
import { defaultConfig } from "../../firmware/config";
import { bundlePath, loadBoard } from "../dut/virtualDut";
import { Site } from "../sim/site";
import type { SoakSite } from "./types";

export interface SoakSiteSpec {
  size: number;
  t?: Partial<Timings>;
}

export function virtualSoakSite(backend: "ts" | "emu", spec: SoakSiteSpec): SoakSite & { site: Site } {
  const board = loadBoard("linux");
  const site = new Site({
    size: spec.size,
    ring: true,
    board,
    firmware: backend === "ts" ? { kind: "ts" } : { kind: "bundle", code: readFileSync(bundlePath("linux"), "utf8") },
    modems: { units: [0, 1] },
    answerRings: [2, 4],
    primaryId: [0, 1],
    servers: true,
    // soak.ts models the lockout, not the waits of failures in a row
    // (docs/protocol.md, "Guessing"): 1 ms, 2 ms ... here, so its guesses
    // answer at once (guessing.test.ts tests the waits).
    t: { failDelayMs: 1, ...spec.t },
  });
  const clock = site.clock;
  const resets = site.units.map(() => [] as number[]);
  site.units.forEach((u, k) =>
    u.hw.pins.watch(u.hw.pinName("reset"), { edge: "rising", debounce: 0, repeat: true }, () => resets[k].push(clock.now())),
  );
  site.powerOn();
  const t = { ...defaultConfig().t, failDelayMs: 1, ...spec.t };
  return {
    site,
    backend,
    ids: site.ids,
    ring: true,
    modemUnits: [0, 1],
    lockoutMs: t.lockoutMs,
    requestMs: t.requestMs,
    send: (bytes) => site.terminal.write(bytes),
    text: () => site.terminal.text,
    clear: () => site.terminal.clear(),
    waitText: async (cond, ms) => clock.runUntil(() => cond(site.terminal.text), ms),
    pause: async (ms) => clock.advance(ms),
    now: () => clock.now(),
    resetTimes: (u) => resets[u],
    kill: async (u) => site.units[u].powerOff(),
    revive: async (u) => site.units[u].powerOn(),
    cut: (a, b) => site.wire(a, b).cut(),
    mend: (a, b) => site.wire(a, b).mend(),
    dropLine: () => site.consoleModem!.lineLost(),
    variables: async () => undefined,
    consoles: () => site.units.map((u) => u.hw.console.output),
    close: async () => {
      for (const u of site.units) u.powerOff();
    },
  };
}
