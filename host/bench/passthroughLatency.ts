// Pass-through timings, same method as the chain's: a STATUS across k SMCs
// wired pass-through (each hop a modem cable at 9600 baud), on the virtual
// clock with the bundle in the emulation, against the bytes' least time.
import { readFileSync } from "node:fs";
import { bundlePath, loadBoard } from "../dut/virtualDut";
import { Site } from "../sim/site";
import type { HopRow } from "./chainLatency";

const BAUD = 9600;
const byteMs = 10000 / BAUD;

function until(site: Site, cond: () => boolean, what: string): void {
  if (!site.clock.runUntil(cond, 120000)) throw new Error("bench: no " + what);
}

export async function passThroughLatency(hops: number): Promise<HopRow> {
  const site = new Site({
    size: hops + 1,
    ring: false,
    board: loadBoard("linux"),
    firmware: { kind: "bundle", code: readFileSync(bundlePath("linux"), "utf8") },
    wiring: "passthrough",
    modemBaud: BAUD,
  });
  try {
    site.powerOn();
    for (let u = 1; u <= hops; u++) until(site, () => site.units[u].hw.console.output.includes("MODEM ready"), "modem ready");
    const id = site.ids[hops];
    site.terminal.write(`AUTH admin pw-${id}\r`);
    until(site, () => site.terminal.text.endsWith("OK\r\n"), "AUTH");
    const line = `@${id} STATUS`;
    site.terminal.clear();
    const start = site.clock.now();
    site.terminal.write(line + "\r");
    until(site, () => site.terminal.text.endsWith("OK\r\n"), "STATUS");
    const ms = site.clock.now() - start;
    // Bytes stream through each SMC as they come (cut-through, not store and
    // forward): the least time is the request on one cable (its echo comes
    // back meanwhile), the reply on one cable, and a byte's time per cable
    // each way for the relaying.
    const down = (line.length + 1) * byteMs;
    const reply = (site.terminal.text.length - (line.length + 2)) * byteMs;
    const minMs = down + reply + 2 * (hops + 1) * byteMs;
    return { hops, ms: Math.round(ms * 10) / 10, minMs: Math.round(minMs * 10) / 10, ratio: Math.round((ms / minMs) * 100) / 100 };
  } finally {
    for (const u of site.units) u.powerOff();
  }
}
