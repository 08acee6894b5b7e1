// `npm run bench`: figures to track over time (docs/bench.md names them).
// Prints a table, or one JSON document with --json.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { boards, version } from "../build/build";
import { findInterpreter } from "../real";
import { ringFailoverTimes, statusLatency } from "./chainLatency";
import { consoleStatusAll } from "./consoleStatus";
import { emuHeapBytes } from "./emuMemory";
import { FORWARDED_FRAMES, forwardingEmuMs, forwardingRealMs } from "./forwarding";
import { passThroughLatency } from "./passthroughLatency";
import { varsAfterBoot, varsAfterCommands } from "./realMemory";
import { boardInterpreter, perHop, SEARCH_HOPS, searchHopTimes, sha256Ms, stallLimitMs } from "./searchHops";
import { boardFigures, boardTable, type BoardFigures } from "./boardFigures";
import { relayCpu, type RelayCpu } from "./relayCpu";
import { loginCost, type LoginCost } from "./loginCost";
import { guessesPerHour, type Guessing } from "./guessing";
import { doesNotFit, FREE_AT_PEAK, MEASURED, MEASURED_TOLERANCE, varsNeeded } from "../build/fit";

const ROOT = path.resolve(import.meta.dirname, "../..");
const COMMANDS = 1000;

const o = new Command()
  .name("npm run bench --")
  .option("--json", "print one JSON document")
  .option("--no-real", "skip the figures from the real interpreter")
  .parse()
  .opts();

const log = (s: string) => {
  if (!o.json) console.log(s);
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const tools = findInterpreter();
const real = o.real && !tools.missing;
if (o.real && tools.missing) log(`(no real-interpreter figures: missing ${tools.missing})`);

const result: Record<string, unknown> = {
  schema: 1,
  version: version(),
  date: new Date().toISOString(),
  node: process.version,
  realInterpreter: real ? path.relative(ROOT, tools.bin!) : null,
};
const bundles: Record<string, Record<string, number | boolean | null>> = {};
result.bundles = bundles;

for (const b of boards()) {
  const file = path.join(ROOT, "dist", `${b.name}.js`);
  const code = readFileSync(file, "latin1");
  const row: Record<string, number | boolean | null> = {
    bytes: statSync(file).size,
    boardVariables: b.variables || null,
    varsNeeded: varsNeeded(b),
    fits: !doesNotFit(b),
    emuHeapBytes: median([0, 1, 2].map(() => emuHeapBytes(code, b))),
    realVarsAfterBoot: real ? await varsAfterBoot(b.name) : null,
  };
  bundles[b.name] = row;
}
if (real) result.boardLayout = await boardFigures(Object.keys(bundles));
if (real) result.relayCpu = await relayCpu();
if (real) result.loginCost = await loginCost();
if (real) {
  const r = await varsAfterCommands("linux", COMMANDS);
  result.realLeak = { board: "linux", commands: COMMANDS, varsBefore: r.boot, varsAfter: r.after, growth: r.after - r.boot };
}

const hops = [];
for (const k of [1, 2, 4, 8, 16, 32]) hops.push(await statusLatency(k));
result.chainStatusLatency = { modemBaud: 9600, linkBaud: 115200, rows: hops };
result.ringFailover = await ringFailoverTimes(8);
const pt = [];
for (const k of [1, 2, 4, 8, 16, 32]) pt.push(await passThroughLatency(k));
result.passThroughStatusLatency = { modemBaud: 9600, rows: pt };
result.forwarding = {
  frames: FORWARDED_FRAMES,
  emuVirtualMs: await forwardingEmuMs(),
  realWallMs: real ? await forwardingRealMs() : null,
};
result.consoleStatusAll = await consoleStatusAll(8);
result.guessing = guessesPerHour("emu");

if (real) {
  const pico = boardInterpreter();
  const rows = await searchHopTimes();
  const boardSha = await sha256Ms(pico);
  result.searchHops = {
    sha256MsBoardLayout: boardSha,
    sha256MsLinux: await sha256Ms(tools.bin!),
    rows,
    perHopMs: perHop(rows),
    stallLimitMs: stallLimitMs(),
    // NOTES.md: a Pico is roughly 45-100 times slower than this PC.
    picoSha256Ms: [Math.round(45 * boardSha), Math.round(100 * boardSha)],
  };
}

if (o.json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  const pad = (s: unknown, n: number) => String(s ?? "-").padStart(n);
  const overBudget: string[] = [];
  log(`\nbundles (version ${result.version})`);
  log(`${"board".padEnd(15)}${pad("bytes", 8)}${pad("emu heap B", 12)}${pad("real vars", 11)}${pad("board vars", 12)}${pad("headroom", 10)}`);
  const stale: string[] = [];
  for (const [name, row] of Object.entries(bundles)) {
    const r = row as Record<string, number | null>;
    const headroom = r.boardVariables && r.realVarsAfterBoot ? `${Math.round((100 * (r.boardVariables - r.realVarsAfterBoot)) / r.boardVariables)}%` : "-";
    if (!row.fits) overBudget.push(name);
    log(`${name.padEnd(15)}${pad(r.bytes, 8)}${pad(r.emuHeapBytes, 12)}${pad(r.realVarsAfterBoot, 11)}${pad(r.boardVariables, 12)}${pad(headroom, 10)}`);
  }
  log(`the fit check wants a board to keep ${FREE_AT_PEAK * 100} % free at the peak of a call measured on the board layout (host/build/fit.ts MEASURED)`);
  if (overBudget.length) log(`DOES NOT FIT: ${overBudget.join(", ")} (npm run flash refuses it)`);
  for (const [name, f] of Object.entries((result.boardLayout ?? {}) as Record<string, BoardFigures>)) {
    const m = MEASURED[name];
    const peak = f.booted ? f.boardVarsPeakInCall : (f.onPicoBinary?.boardVarsPeakInCall ?? null);
    if (m && peak !== null && Math.abs(peak - m.peakInCall) > m.peakInCall * MEASURED_TOLERANCE) stale.push(`${name} (${peak}, fit.ts says ${m.peakInCall})`);
    const truePeak = f.booted ? f.boardVarsTruePeakFullLog : null;
    if (m && truePeak && Math.abs(truePeak - m.truePeak) > m.truePeak * MEASURED_TOLERANCE) stale.push(`${name} true peak (${truePeak}, fit.ts says ${m.truePeak})`);
  }
  if (stale.length) log(`STALE FIT FIGURE: ${stale.join(", ")}: update MEASURED in host/build/fit.ts and say why`);
  if (result.boardLayout) for (const l of boardTable(result.boardLayout as Record<string, BoardFigures>)) log(l);
  const cpu = result.relayCpu as RelayCpu | undefined;
  if (cpu) log(`\nrelay CPU on ${cpu.binary}, middle of 3 SMCs, ${cpu.frames} frames with acks: relayCpuMsPerFrame ${cpu.relayCpuMsPerFrame}, nativePipeCpuMsPerFrame ${cpu.nativePipeCpuMsPerFrame} (native forwarding, docs/bench.md), ratio ${cpu.ratio}, wireMsPerFrame ${cpu.wireMsPerFrame}; Serial.pipe idle takes ${cpu.pipeIdleCpuShare} of a core (it polls)`);
  const lc = result.loginCost as LoginCost | undefined;
  if (lc) log(`\none login on ${lc.binary} (median of ${lc.runs}; variables between the firmware's events, ${lc.varsBefore} before): CHAL + AUTH HMAC ${lc.challengeCpuMs} ms CPU, peak ${lc.challengePeakVars} variables; plain AUTH ${lc.plainCpuMs} ms CPU, peak ${lc.plainPeakVars} variables`);
  const leak = result.realLeak as { varsBefore: number; varsAfter: number; growth: number } | undefined;
  if (leak) log(`\nreal interpreter, linux bundle: ${leak.varsBefore} variables after AUTH, ${leak.varsAfter} after ${COMMANDS} commands (growth ${leak.growth})`);
  log(`\nSTATUS across k hops (virtual clock, bundle in the emulation; modem 9600 baud, links 115200)`);
  log(`${"hops".padStart(5)}${pad("ms", 10)}${pad("min ms", 10)}${pad("ratio", 8)}`);
  for (const r of hops) log(`${pad(r.hops, 5)}${pad(r.ms, 10)}${pad(r.minMs, 10)}${pad(r.ratio.toFixed(2), 8)}`);
  log(`\nSTATUS across k pass-through hops (same method; every cable a modem cable at 9600 baud; bytes stream through)`);
  log(`${"hops".padStart(5)}${pad("ms", 10)}${pad("min ms", 10)}${pad("ratio", 8)}`);
  for (const r of pt) log(`${pad(r.hops, 5)}${pad(r.ms, 10)}${pad(r.minMs, 10)}${pad(r.ratio.toFixed(2), 8)}`);
  const f = result.ringFailover as { ringSize: number; idleDetectMs: number; detectMs: number; searchAtDeathMs: number; searchAfterDetectMs: number };
  log(`\nring of ${f.ringSize}, neighbour of the head dies: idle detection ${f.idleDetectMs} ms (heartbeats); a search sent at the moment of death answered via the other way in ${f.searchAtDeathMs} ms; once known, ${f.searchAfterDetectMs} ms`);
  const sh = result.searchHops as { sha256MsBoardLayout: number; sha256MsLinux: number; rows: { hops: number; ms: number }[]; perHopMs: number; stallLimitMs: number; picoSha256Ms: number[] } | undefined;
  if (sh) {
    log(`\nAUTH across k hops of a chain of ${SEARCH_HOPS + 1} real interpreters (wall ms, median of 5): ${sh.rows.map((r) => `${r.hops}:${r.ms}`).join(" ")}; ${sh.perHopMs} ms a hop`);
    log(`one SHA-256 (code in Storage): ${sh.sha256MsBoardLayout} ms on the board layout (espruino-pico), ${sh.sha256MsLinux} ms on bin/espruino; on a Pico about ${sh.picoSha256Ms[0]}-${sh.picoSha256Ms[1]} ms per account a hop; a hop may be busy ${sh.stallLimitMs} ms before a link goes down`);
  }
  const g = result.guessing as Guessing;
  log(`\nguessesPerHour ${g.guessesPerHour} (goal <= 30): an attacker's hour on the simulated site (bundle in the emulation, virtual clock), every trick (host/bench/guessing.ts); primary alive ${g.runs.primaryAlive.guesses}, primary dead after 20 min ${g.runs.primaryDies.guesses} (${g.runs.primaryDies.backupCalls} calls the backup answered)`);
  const fw = result.forwarding as { emuVirtualMs: number; realWallMs: number | null };
  const cs = result.consoleStatusAll as { smcs: number; oneCallMs: number; callPerServerMs: number; ratio: number };
  log(`\nsmc-console status all, ${cs.smcs} SMCs (virtual clock, dialled): one call ${cs.oneCallMs} ms; a call per server ${cs.callPerServerMs} ms; ${cs.ratio}x faster in one call (goal 5x)`);
  log(`\n${FORWARDED_FRAMES} frames forwarded by the middle of a 3-SMC chain: emulation ${fw.emuVirtualMs} ms virtual, real interpreters ${fw.realWallMs ?? "-"} ms wall`);
}
