// SiteDut over a virtual site: TypeScript sources or the built bundle.
import { cableTap } from "./cableTap";
import { readFileSync } from "node:fs";
import { defaultConfig } from "../../firmware/config";
import { Site } from "../sim/site";
import { DEFAULT_DEADLINE, describeMiss, matches } from "./dut";
import type { SiteDut, SiteOptions } from "./siteDut";
import { bundlePath, loadBoard } from "./virtualDut";

export interface VirtualSiteDut extends SiteDut {
  site: Site;
}

export function virtualSite(backend: "ts" | "emu", opts: SiteOptions, boardName = "linux"): VirtualSiteDut {
  const board = loadBoard(boardName);
  const site = new Site({
    ...opts,
    board,
    firmware: backend === "ts" ? { kind: "ts" } : { kind: "bundle", code: readFileSync(bundlePath(boardName), "utf8") },
  });
  site.powerOn();
  const clock = site.clock;
  const wait = <T>(cond: () => T | undefined, deadline: number, what: () => string): Promise<T> => {
    let found: T | undefined;
    clock.runUntil(() => (found = cond()) !== undefined, deadline);
    return found !== undefined ? Promise.resolve(found) : Promise.reject(describeMiss(what(), deadline, clock.now()));
  };
  const hw = (u: number) => site.units[u].hw;
  // A tap on the cables between SMCs: each unit's link ports, and in
  // pass-through wiring the modem port of every SMC after the first.
  const tapped = cableTap();
  site.units.forEach((unit, k) => {
    for (const p of ["linkA", "linkB", "modem"] as const) {
      if (p === "modem" && (k === 0 || opts.wiring !== "passthrough")) continue;
      const end = unit.hw.port(p);
      const write = end.write.bind(end);
      const line = tapped.stream();
      end.write = (bytes: string) => {
        line(bytes);
        write(bytes);
      };
    }
  });
  return {
    hasLink: (_u, side) => !!board.ports[side === "A" ? "linkA" : "linkB"],
    hasPin: (_u, role) => !!board.pins[role],
    backend,
    site,
    size: opts.size,
    ring: opts.ring,
    ids: site.ids,
    t: { ...defaultConfig().t, ...opts.t },
    slackMs: 1,
    send: (bytes) => site.terminal.write(bytes),
    text: () => site.terminal.text,
    clear: () => site.terminal.clear(),
    waitFor: (needle, deadline = DEFAULT_DEADLINE) =>
      wait(
        () => (matches(site.terminal.text, needle) ? site.terminal.text : undefined),
        deadline,
        () => `${String(needle)} at the console: ${JSON.stringify(site.terminal.text)}`,
      ),
    output: (u, role) => hw(u).output(role),
    waitOutput: (u, role, level, deadline) =>
      wait(() => (hw(u).output(role) === level ? clock.now() : undefined), deadline, () => `unit ${u} ${role} ${level ? "high" : "low"}; its console: ${JSON.stringify(hw(u).console.output.slice(-400))}`),
    setInput: (u, role, level) => hw(u).setInput(role, level),
    console: (u) => hw(u).console.output,
    waitConsole: (u, needle, deadline) =>
      wait(
        () => (hw(u).console.output.includes(needle) ? hw(u).console.output : undefined),
        deadline,
        () => `unit ${u} console ${JSON.stringify(needle)}: ${JSON.stringify(hw(u).console.output)}`,
      ),
    kill: async (u) => site.units[u].powerOff(),
    powerOn: async (u) => site.units[u].powerOn(),
    cut: (a, b) => site.wire(a, b).cut(),
    mend: (a, b) => site.wire(a, b).mend(),
    cables: () => tapped.text(),
    inject: (u, port, bytes) => hw(u).port(port).deliver(bytes),
    damage: (from, to, kind, n) => {
      const w = site.wire(from, to);
      const end = w.a === hw(from).port("linkA") || w.a === hw(from).port("linkB") ? w.a : w.b;
      let last = "";
      let done = 0;
      w.faults = {
        drop: (byte, sender) => {
          if (sender !== end) return false;
          const hit = done < n && last === "#" && byte.toUpperCase() === kind.toUpperCase();
          last = byte;
          if (hit) done++;
          return hit;
        },
      };
      return () => done;
    },
    flood: (u, port, rate, make) => {
      const id = clock.setInterval(() => hw(u).port(port).deliver(make(Math.round(rate / 100))), 10);
      return () => clock.clearInterval(id);
    },
    now: () => clock.now(),
    pause: async (ms) => clock.advance(ms),
    close: async () => {
      for (const u of site.units) u.powerOff();
    },
  };
}
