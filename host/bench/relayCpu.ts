// A relay's CPU per forwarded frame against Espruino's native pipe moving
// the same bytes (not measurable yet: see nativePipeCpuMsPerFrame), on
// espruino-pico (board layout, flash read from memory as
// on a board). Process CPU (utime + stime from /proc) of the middle SMC of
// three over 1,000 frames with their acknowledgements (500 `@3 POWER STATE`
// requests and their replies), minus an idle baseline of the same length.
import { readFileSync } from "node:fs";
import { finalSeen } from "../dut/dut";
import { realSite } from "../dut/realSite";
import { boardBinary } from "../real";

export const CPU_FRAMES = 1000;
const BAUD = 115200;
const LINK_A = 2;
const LINK_B = 3;

const IDLE_MS = 3000;

export interface RelayCpu {
  frames: number;
  binary: string;
  /** JavaScript relay: CPU of the middle SMC per frame (with its ack), idle subtracted. */
  relayCpuMsPerFrame: number;
  /**
   * Native Serial.pipe moving the same bytes, per frame: not measured (null).
   * On the Linux build a bundle that only pipes link to link strands bytes:
   * fed the recorded chunks one by one, a chunk's last bytes wait for more
   * input (seen: 1,916 of 1,944 out, then nothing for 10 s; the same with
   * {chunkSize: 1024}, which does fix one direction alone with no timer
   * running, and a timer makes even that stall); fed all 60 KB at once, it
   * moved 11,616 bytes and stopped. A CPU figure from it would be of a pipe
   * that does not move the bytes.
   */
  nativePipeCpuMsPerFrame: null;
  /** relay / native (issue 14's target: at most 2); null while the native figure is. */
  ratio: null;
  /** The bytes of a frame and its ack (both directions through the middle SMC, heartbeats included) on the wire at 115,200 baud. */
  wireMsPerFrame: number;
  /** Bytes that reached the middle SMC. */
  bytes: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux: /proc counts CPU in 10 ms ticks.

function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 and 15 of stat (utime, stime) are 12 and 13 after the command name.
  return (Number(f[11]) + Number(f[12])) * TICK_MS;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU ms the process spends per wall ms while idle. */
async function idleRate(pid: number): Promise<number> {
  const c0 = cpuMs(pid);
  const t0 = performance.now();
  await sleep(IDLE_MS);
  return (cpuMs(pid) - c0) / (performance.now() - t0);
}

export async function relayCpu(): Promise<RelayCpu> {
  const bin = boardBinary("espruino-pico");
  if (!bin) throw new Error("no espruino-pico beside the interpreter");
  const site = await realSite({ size: 3, ring: false, modemBaud: BAUD, linkBaud: BAUD, t: { heartbeatMs: 1000 } }, { bootBin: bin });
  // What reaches the middle SMC: from unit 0's link A (into its link B) and from unit 2's link B (into its link A).
  const chunks: Array<{ into: number; bytes: Buffer }> = [];
  let recording = false;
  site.boards[0].uart(LINK_A).onData((d) => recording && chunks.push({ into: LINK_B, bytes: d }));
  site.boards[2].uart(LINK_B).onData((d) => recording && chunks.push({ into: LINK_A, bytes: d }));
  let relay: { cpu: number; wall: number; idle: number };
  try {
    await site.waitConsole(0, "LINK A up", 10000);
    await site.waitConsole(1, "LINK A up", 10000);
    site.send("AUTH admin pw-3\r");
    await site.waitFor(finalSeen, 10000);
    const pid = site.boards[1].pid()!;
    const idle = await idleRate(pid);
    recording = true;
    const c0 = cpuMs(pid);
    const t0 = performance.now();
    for (let i = 0; i < CPU_FRAMES / 2; i++) {
      site.clear();
      site.send("@3 POWER STATE\r");
      await site.waitFor(finalSeen, 10000);
      if (!site.text().includes("POWER OFF\r\nOK\r\n")) throw new Error("bad reply: " + JSON.stringify(site.text()));
    }
    relay = { cpu: cpuMs(pid) - c0, wall: performance.now() - t0, idle };
    recording = false;
  } finally {
    await site.close();
  }

  const perFrame = (r: { cpu: number; wall: number; idle: number }) => Math.max(0, r.cpu - r.idle * r.wall) / CPU_FRAMES;
  const bytes = chunks.reduce((n, c) => n + c.bytes.length, 0);
  const relayMs = perFrame(relay);
  const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
  return {
    frames: CPU_FRAMES,
    binary: "espruino-pico",
    relayCpuMsPerFrame: round(relayMs),
    nativePipeCpuMsPerFrame: null,
    ratio: null,
    wireMsPerFrame: round(((bytes / CPU_FRAMES) * 10 * 1000) / BAUD),
    bytes,
  };
}
