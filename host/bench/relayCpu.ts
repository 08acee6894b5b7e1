// A relay's CPU per forwarded frame against Espruino's native forwarding of
// the same bytes, both on espruino-pico (board layout, flash read from
// memory as on a board), in the same run. Process CPU (utime + stime from
// /proc) of the middle SMC of three over 1,000 frames with their
// acknowledgements (500 `@3 POWER STATE` requests and their replies; the
// middle SMC cuts through them, docs/protocol.md "Cut-through"), minus
// an idle baseline of the same length (CPU from each thread's schedstat); and
// a bundle that only forwards link to link natively, fed every chunk that
// reaches the middle SMC as it reaches it, measured over the same wall time
// (a paired run: whatever else the machine does then weighs on both). Its
// idle rate is taken before and after, for both at once. Three such runs;
// the figures are their medians. docs/bench.md says why the
// native figure is not `Serial2.pipe(Serial3)` (it polls, and on the Linux
// build it loses bytes) and what `pipeIdleCpuShare` shows.
import { readdirSync, readFileSync } from "node:fs";
import { realSite } from "../dut/realSite";
import { authedAtThird, powerStates } from "./forwarding";
import { boardBinary, startRealBoard, waitFor } from "../real";

export const CPU_FRAMES = 1000;
/** Paired runs in one bench run; the medians are reported. */
export const ROUNDS = 3;
const BAUD = 115200;
const LINK_A = 2;
const LINK_B = 3;

const IDLE_MS = 3000;

/**
 * The native forwarder: each link's data event calls the other link's
 * write, a native function bound to its port, so no JavaScript runs per
 * chunk (the event loop hands the chunk to native code); nothing polls.
 * It watches a pin as the firmware does (RI, DCD, the server inputs): on
 * the Linux build a watch makes the I/O thread poll every 1 ms instead of
 * sleeping 50 ms when it had nothing to do, and without one a write
 * finding the 256-byte transmit ring full busy-waits for that thread
 * (measured: ~19 us of CPU a byte written with no watch, ~8 with one), a
 * cost of the harness the relay does not pay.
 */
export const NATIVE_FORWARD = `Serial2.setup(${BAUD});Serial3.setup(${BAUD});setWatch(function(){},D1,{repeat:true});Serial2.on("data",Serial3.write.bind(Serial3));Serial3.on("data",Serial2.write.bind(Serial2));`;
/** Espruino's own pipe both ways: it polls its source on every turn of the idle loop (jswrap_pipe.c), so it never sleeps. */
export const NATIVE_PIPE = `Serial2.setup(${BAUD});Serial3.setup(${BAUD});Serial2.pipe(Serial3);Serial3.pipe(Serial2);`;

export interface RelayCpu {
  frames: number;
  binary: string;
  /** JavaScript relay: CPU of the middle SMC per frame (with its ack), idle subtracted. */
  relayCpuMsPerFrame: number;
  /** NATIVE_FORWARD moving the same bytes with the same timing, per frame, idle subtracted. */
  nativePipeCpuMsPerFrame: number;
  /** relay / native (issue 14's target: at most 2). */
  ratio: number;
  /** The bytes of a frame and its ack (both directions through the middle SMC, heartbeats included) on the wire at 115,200 baud. */
  wireMsPerFrame: number;
  /** Bytes that reached the middle SMC (and that the native forwarder moved, checked byte for byte). */
  bytes: number;
  /** Share of a core NATIVE_PIPE takes with no byte moving: ~1 (it polls), so its CPU says nothing of the bytes. */
  pipeIdleCpuShare: number;
  /** Each paired run's relay and native ms a frame and their ratio (the figures above are medians of these). */
  runs: { relay: number; native: number; ratio: number }[];
}

/**
 * CPU time of the whole process (the interpreter's thread and the Linux
 * build's I/O thread), ms: the first field of each thread's schedstat (ns
 * on a CPU). /proc's utime and stime count 10 ms ticks, too coarse for the
 * native forwarder's few tens of ms.
 */
export function cpuMs(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
  return ns / 1e6;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU ms the process spends per wall ms while idle. */
async function idleRate(pid: number): Promise<number> {
  const c0 = cpuMs(pid);
  const t0 = performance.now();
  await sleep(IDLE_MS);
  return (cpuMs(pid) - c0) / (performance.now() - t0);
}

/** The idle rates of several processes over the same IDLE_MS. */
async function idleRates(pids: number[]): Promise<number[]> {
  const c0 = pids.map(cpuMs);
  const t0 = performance.now();
  await sleep(IDLE_MS);
  const wall = performance.now() - t0;
  return pids.map((p, i) => (cpuMs(p) - c0[i]) / wall);
}

export interface Chunk {
  /** The middle SMC's port the bytes went into. */
  into: number;
  bytes: Buffer;
  /** ms after the first request was sent. */
  at: number;
}

export interface Run {
  cpu: number;
  wall: number;
  idle: number;
}

export const perFrame = (r: Run) => Math.max(0, r.cpu - r.idle * r.wall) / CPU_FRAMES;

export async function relayRun(bin: string): Promise<{ run: Run; chunks: Chunk[] }> {
  const site = await realSite({ size: 3, ring: false, modemBaud: BAUD, linkBaud: BAUD, t: { heartbeatMs: 1000 } }, { bootBin: bin });
  // What reaches the middle SMC: from unit 0's link A (into its link B) and from unit 2's link B (into its link A).
  const chunks: Chunk[] = [];
  let t0 = 0;
  let recording = false;
  site.boards[0].uart(LINK_A).onData((d) => recording && chunks.push({ into: LINK_B, bytes: d, at: performance.now() - t0 }));
  site.boards[2].uart(LINK_B).onData((d) => recording && chunks.push({ into: LINK_A, bytes: d, at: performance.now() - t0 }));
  try {
    await authedAtThird(site);
    const pid = site.boards[1].pid()!;
    const idle = await idleRate(pid);
    recording = true;
    const c0 = cpuMs(pid);
    t0 = performance.now();
    await powerStates(site, CPU_FRAMES);
    const run = { cpu: cpuMs(pid) - c0, wall: performance.now() - t0, idle };
    recording = false;
    return { run, chunks };
  } finally {
    await site.close();
  }
}

/**
 * One paired run: the chain of three with the native forwarder beside it,
 * fed each chunk that reaches the middle SMC as the harness hands it on;
 * both processes' CPU over the same requests, each less its idle rate (the
 * mean of one taken before and one after, both processes at once).
 */
export async function pairedRun(bin: string): Promise<{ relay: Run; native: Run; bytes: number }> {
  const native = await forwarder(bin, NATIVE_FORWARD);
  const out = (into: number) => (into === LINK_A ? LINK_B : LINK_A);
  const want: Buffer[][] = [[], []];
  let feeding = false;
  let site: Awaited<ReturnType<typeof realSite>> | undefined;
  try {
    site = await realSite({ size: 3, ring: false, modemBaud: BAUD, linkBaud: BAUD, t: { heartbeatMs: 1000 } }, { bootBin: bin });
    const feed = (into: number, d: Buffer) => {
      if (!feeding) return;
      native.uart(into).write(d);
      want[out(into) === LINK_A ? 0 : 1].push(d);
    };
    site.boards[0].uart(LINK_A).onData((d) => feed(LINK_B, d));
    site.boards[2].uart(LINK_B).onData((d) => feed(LINK_A, d));
    await authedAtThird(site);
    const pids = [site.boards[1].pid()!, native.pid()!];
    const before = await idleRates(pids);
    for (const p of [LINK_A, LINK_B]) native.uart(p).clear();
    feeding = true;
    const c0 = pids.map(cpuMs);
    const t0 = performance.now();
    await powerStates(site, CPU_FRAMES);
    const relayCpuMs = cpuMs(pids[0]) - c0[0];
    const relayWall = performance.now() - t0;
    feeding = false;
    const wanted = want.map((w) => Buffer.concat(w));
    const got = (i: number) => native.uart(i ? LINK_B : LINK_A).received();
    await waitFor(() => wanted.every((w, i) => got(i).length >= w.length), 5000, () => `the forwarder's bytes: ${wanted.map((w, i) => `${got(i).length} of ${w.length}`).join(", ")}`);
    const nativeCpuMs = cpuMs(pids[1]) - c0[1];
    const nativeWall = performance.now() - t0;
    wanted.forEach((w, i) => {
      if (!got(i).equals(w)) throw new Error(`the native forwarder changed the bytes out of Serial${i ? LINK_B : LINK_A}`);
    });
    const after = await idleRates(pids);
    return {
      relay: { cpu: relayCpuMs, wall: relayWall, idle: (before[0] + after[0]) / 2 },
      native: { cpu: nativeCpuMs, wall: nativeWall, idle: (before[1] + after[1]) / 2 },
      bytes: wanted[0].length + wanted[1].length,
    };
  } finally {
    await site?.close();
    await native.kill();
  }
}

/** Boots `code` alone on `bin` with Serial2 and Serial3 wired. */
async function forwarder(bin: string, code: string) {
  const board = await startRealBoard({ bundle: code, uarts: [LINK_A, LINK_B], pins: [1], bootBin: bin });
  // Booted once a byte goes through (the ports are set up by then).
  try {
    let seen = 0;
    const off = board.uart(LINK_B).onData((d) => (seen += d.length));
    // A line: forwarders that pass whole lines (relayForwardersCli.ts) pass it too.
    board.uart(LINK_A).write("#Q?\n");
    await waitFor(() => seen >= 4, 2000, "the forwarder to pass a first line");
    off();
    board.uart(LINK_B).clear();
    return board;
  } catch (e) {
    await board.kill();
    throw e;
  }
}

/** NATIVE_FORWARD (or another forwarder's `code`) fed `chunks` at their times; every byte must come out the other port, in order. */
export async function nativeRun(bin: string, chunks: Chunk[], code = NATIVE_FORWARD): Promise<Run> {
  const board = await forwarder(bin, code);
  try {
    const pid = board.pid()!;
    const idle = await idleRate(pid);
    const out = (into: number) => (into === LINK_A ? LINK_B : LINK_A);
    const want = [LINK_A, LINK_B].map((p) => Buffer.concat(chunks.filter((c) => out(c.into) === p).map((c) => c.bytes)));
    for (const p of [LINK_A, LINK_B]) board.uart(p).clear();
    const c0 = cpuMs(pid);
    const t0 = performance.now();
    for (const c of chunks) {
      const wait = c.at - (performance.now() - t0);
      if (wait > 1) await sleep(wait);
      board.uart(c.into).write(c.bytes);
    }
    const done = () => [LINK_A, LINK_B].every((p, i) => board.uart(p).received().length >= want[i].length);
    await waitFor(done, 5000, () => `the forwarder's bytes: ${[LINK_A, LINK_B].map((p, i) => `${board.uart(p).received().length} of ${want[i].length}`).join(", ")}`);
    const run = { cpu: cpuMs(pid) - c0, wall: performance.now() - t0, idle };
    [LINK_A, LINK_B].forEach((p, i) => {
      if (!board.uart(p).received().equals(want[i])) throw new Error(`the native forwarder changed the bytes out of Serial${p}`);
    });
    return run;
  } finally {
    await board.kill();
  }
}

/** NATIVE_PIPE's CPU share with nothing to move. */
async function pipeIdleShare(bin: string): Promise<number> {
  const board = await forwarder(bin, NATIVE_PIPE);
  try {
    return await idleRate(board.pid()!);
  } finally {
    await board.kill();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export async function relayCpu(rounds = ROUNDS): Promise<RelayCpu> {
  const bin = boardBinary("espruino-pico");
  if (!bin) throw new Error("no espruino-pico beside the interpreter");
  const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
  const runs: RelayCpu["runs"] = [];
  let bytes = 0;
  for (let i = 0; i < rounds; i++) {
    const p = await pairedRun(bin);
    const relay = perFrame(p.relay);
    const native = perFrame(p.native);
    runs.push({ relay: round(relay), native: round(native), ratio: round(relay / native, 2) });
    bytes = p.bytes;
  }
  const pipeIdle = await pipeIdleShare(bin);
  return {
    frames: CPU_FRAMES,
    binary: "espruino-pico",
    relayCpuMsPerFrame: median(runs.map((r) => r.relay)),
    nativePipeCpuMsPerFrame: median(runs.map((r) => r.native)),
    ratio: median(runs.map((r) => r.ratio)),
    wireMsPerFrame: round(((bytes / CPU_FRAMES) * 10 * 1000) / BAUD),
    bytes,
    pipeIdleCpuShare: round(pipeIdle, 2),
    runs,
  };
}
