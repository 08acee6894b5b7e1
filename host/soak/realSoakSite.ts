// SoakSite over real interpreters: a ring of Linux-build processes (the
// bundle booted from Storage), the primary modem on the first, a backup on
// the second, each a simulated Hayes modem on a phone line in real time.
import type { Timings } from "../../firmware/config";
import { loadBoard } from "../dut/virtualDut";
import { realSite } from "../dut/realSite";
import { wireModems } from "../dut/realModem";
import type { SoakSite } from "./types";

/**
 * Each SMC prints its variables in use on its console this often (from
 * .boot0, beside the bundle): read off the console, not asked through the
 * REPL, whose standard input the Linux build now and then loses.
 */
const MEMORY_MS = 1000;
const MEMORY = `setInterval(function(){print("MEM "+process.memory().usage)},${MEMORY_MS});`;
/** How often the reset pin files are read: well inside a 150 ms pulse. */
const PIN_POLL_MS = 3;
const POLL_MS = 5;

export async function realSoakSite(size: number, t: Partial<Timings>): Promise<SoakSite> {
  const board = loadBoard("linux");
  const pin = (role: string) => Number(board.pins[role].slice(1));
  const site = await realSite({ size, ring: true, t, hayes: { 0: { answerRings: 2 }, 1: { answerRings: 4, primaryId: 1 } } }, { boot0Extra: MEMORY });
  const rig = wireModems(site.boards.slice(0, 2).map((b) => ({ board: b, pins: { ri: pin("ri"), dcd: pin("dcd"), dtr: pin("dtr") } })));
  for (let u = 0; u < size; u++) await site.waitConsole(u, u < 2 ? "MODEM ready" : "LINK", 20000);
  const resets = site.boards.map(() => [] as number[]);
  const level = site.boards.map(() => 0);
  const poll = setInterval(() => {
    site.boards.forEach((b, u) => {
      if (!b.alive()) return void (level[u] = 0);
      const l = b.readPin(pin("reset"));
      if (l && !level[u]) resets[u].push(site.now());
      level[u] = l;
    });
  }, PIN_POLL_MS);
  const lockoutMs = site.t.lockoutMs;
  return {
    backend: "real",
    ids: site.ids,
    ring: true,
    modemUnits: [0, 1],
    lockoutMs,
    requestMs: site.t.requestMs,
    send: (bytes) => rig.terminal.write(bytes),
    text: () => rig.terminal.text,
    clear: () => rig.terminal.clear(),
    waitText: (cond, ms) =>
      new Promise((resolve) => {
        const end = site.now() + ms;
        const check = () => (cond(rig.terminal.text) ? resolve(true) : site.now() > end ? resolve(false) : setTimeout(check, POLL_MS));
        check();
      }),
    pause: (ms) => site.pause(ms),
    now: () => site.now(),
    resetTimes: (u) => resets[u],
    kill: (u) => site.kill(u),
    revive: (u) => site.powerOn(u),
    cut: (a, b) => site.cut(a, b),
    mend: (a, b) => site.mend(a, b),
    dropLine: () => rig.consoleModem.lineLost(),
    variables: async (u) => {
      // The next figure printed after now: what the SMC holds at this moment.
      const seen = (site.console(u).match(/MEM (\d+)\r?\n/g) ?? []).length;
      const end = site.now() + 5 * MEMORY_MS;
      for (;;) {
        const all = site.console(u).match(/MEM (\d+)\r?\n/g) ?? [];
        if (all.length > seen) return parseInt(all[all.length - 1].slice(4), 10);
        if (site.now() > end) throw new Error(`SMC ${site.ids[u]} printed no memory figure in ${5 * MEMORY_MS} ms: ${JSON.stringify(site.console(u).slice(-300))}`);
        await site.pause(50);
      }
    },
    consoles: () => site.boards.map((_, u) => site.console(u)),
    close: async () => {
      clearInterval(poll);
      rig.stop();
      await site.close();
    },
  };
}
