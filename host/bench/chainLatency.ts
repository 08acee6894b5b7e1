// Chain timings on the virtual clock (bundle in the emulation): a STATUS
// across k hops against the least time its bytes need on the wires, and
// how fast a ring fails over when a neighbour dies.
import { finalSeen } from "../dut/dut";
import { virtualSite } from "../dut/virtualSite";
import { FRAME_OVERHEAD, LINE_SEP } from "../../firmware/protocol";

const MODEM_BAUD = 9600;
const LINK_BAUD = 115200;
const byteMs = (baud: number) => 10000 / baud;

export interface HopRow {
  hops: number;
  ms: number;
  minMs: number;
  ratio: number;
}

async function settle(site: ReturnType<typeof virtualSite>, ring: boolean): Promise<void> {
  if (site.size > 1) await site.waitConsole(0, "LINK A up", 10000);
  if (ring) await site.waitConsole(0, "LINK B up", 10000);
}

/** Console request to the last byte of a STATUS reply from the SMC `hops` links away. */
export async function statusLatency(hops: number): Promise<HopRow> {
  const site = virtualSite("emu", { size: hops + 1, ring: false, modemBaud: MODEM_BAUD, linkBaud: LINK_BAUD });
  try {
    await settle(site, false);
    const id = site.ids[hops];
    site.clear();
    site.send(`AUTH admin pw-${id}\r`);
    await site.waitFor(finalSeen, 30000);
    const line = `@${id} STATUS`;
    site.clear();
    const start = site.now();
    site.send(line + "\r");
    const got = await site.waitFor(finalSeen, 30000);
    const ms = site.now() - start;
    const reply = got.substr(line.length + 2);
    const replyLines = reply.split("\r\n").filter(Boolean);
    // Store-and-forward minimum: the line to the head, the request frame over
    // each link, the reply frame back over each, the reply to the console.
    const qFrame = FRAME_OVERHEAD + "STATUS".length;
    const rFrame = FRAME_OVERHEAD + replyLines.join(LINE_SEP).length;
    const minMs = (line.length + 1) * byteMs(MODEM_BAUD) + hops * (qFrame + rFrame) * byteMs(LINK_BAUD) + (2 + reply.length) * byteMs(MODEM_BAUD);
    return { hops, ms: Math.round(ms * 10) / 10, minMs: Math.round(minMs * 10) / 10, ratio: Math.round((ms / minMs) * 100) / 100 };
  } finally {
    await site.close();
  }
}

export interface Failover {
  ringSize: number;
  /** With no traffic: neighbour's death to the head's link marked down by missing heartbeats. */
  idleDetectMs: number;
  /** Neighbour's death to the head's link marked down (heartbeats). */
  detectMs: number;
  /** A search sent the instant the neighbour died, to its answer via the other way. */
  searchAtDeathMs: number;
  /** The same search once the death is known. */
  searchAfterDetectMs: number;
}

async function idleDetect(size: number): Promise<number> {
  const site = virtualSite("emu", { size, ring: true, modemBaud: MODEM_BAUD, linkBaud: LINK_BAUD });
  try {
    await settle(site, true);
    await site.kill(1);
    const died = site.now();
    await site.waitConsole(0, "LINK A down", 30000);
    return Math.round(site.now() - died);
  } finally {
    await site.close();
  }
}

export async function ringFailoverTimes(size = 8): Promise<Failover> {
  const idleDetectMs = await idleDetect(size);
  const site = virtualSite("emu", { size, ring: true, modemBaud: MODEM_BAUD, linkBaud: LINK_BAUD });
  try {
    await settle(site, true);
    const target = site.ids[2];
    await site.kill(1);
    const died = site.now();
    site.clear();
    site.send(`AUTH admin pw-${target}\r`);
    await site.waitFor(finalSeen, 30000);
    const searchAtDeathMs = site.now() - died;
    await site.waitConsole(0, "LINK A down", 30000);
    const detectMs = site.now() - died;
    site.send("LOGOUT\r");
    await site.waitFor("LOGOUT\r\nOK\r\n", 30000);
    site.clear();
    const t = site.now();
    site.send(`AUTH admin pw-${target}\r`);
    await site.waitFor(finalSeen, 30000);
    return { ringSize: size, idleDetectMs, detectMs: Math.round(detectMs), searchAtDeathMs: Math.round(searchAtDeathMs), searchAfterDetectMs: Math.round(site.now() - t) };
  } finally {
    await site.close();
  }
}
