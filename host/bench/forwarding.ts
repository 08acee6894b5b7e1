// 1,000 frames forwarded by the middle SMC of a three-SMC chain (500
// requests from the console to the third SMC: each request and each reply
// crosses the middle one), on real interpreters (wall time) and in the
// emulation (virtual time), for the same bytes.
import { finalSeen } from "../dut/dut";
import type { SiteDut } from "../dut/siteDut";
import { realSite } from "../dut/realSite";
import { virtualSite } from "../dut/virtualSite";

export const FORWARDED_FRAMES = 1000;
const OPTS = { size: 3, ring: false, modemBaud: 115200, linkBaud: 115200, t: { heartbeatMs: 1000 } };

/** Waits for the chain's links, then opens the call at the third SMC (`AUTH admin pw-3`). */
export async function authedAtThird(site: SiteDut): Promise<void> {
  await site.waitConsole(0, "LINK A up", 10000);
  await site.waitConsole(1, "LINK A up", 10000);
  site.send("AUTH admin pw-3\r");
  await site.waitFor(finalSeen, 10000);
}

/** `frames` / 2 requests `@3 POWER STATE`, each answered `POWER OFF`, `OK`: `frames` frames through the middle SMC. */
export async function powerStates(site: SiteDut, frames: number): Promise<void> {
  for (let i = 0; i < frames / 2; i++) {
    site.clear();
    site.send("@3 POWER STATE\r");
    await site.waitFor(finalSeen, 10000);
    if (!site.text().includes("POWER OFF\r\nOK\r\n")) throw new Error("bad reply: " + JSON.stringify(site.text()));
  }
}

async function run(site: SiteDut): Promise<number> {
  await authedAtThird(site);
  const start = site.now();
  await powerStates(site, FORWARDED_FRAMES);
  return Math.round(site.now() - start);
}

export async function forwardingEmuMs(): Promise<number> {
  const site = virtualSite("emu", OPTS);
  try {
    return await run(site);
  } finally {
    await site.close();
  }
}

export async function forwardingRealMs(): Promise<number> {
  const site = await realSite(OPTS);
  try {
    return await run(site);
  } finally {
    await site.close();
  }
}
