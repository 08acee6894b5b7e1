// `npm run soak`: the soak on the TypeScript sources and the bundle in the
// emulation (virtual clock, minutes of CPU at most), and with --real on real
// interpreters. Prints one column per backend; exits 1 when a figure that
// must be 0 is not.
import { Command } from "commander";
import pc from "picocolors";
import { soak } from "./soak";
import { MUST_BE_ZERO, type SoakReport } from "./types";
import { virtualSoakSite } from "./virtualSoakSite";
import { realSoakSite } from "./realSoakSite";
import { REAL_SOAK } from "./realSoak";

const program = new Command("soak")
  .description("Calls to a ring of 8 SMCs with faults, queued commands, long calls, the backup modem and dropped lines")
  .option("--calls <n>", "calls per backend (virtual backends)", "400")
  .option("--seed <n>", "random seed", "1")
  .option("--backends <list>", "ts, emu and/or real, comma-separated", "ts,emu")
  .option("--json", "print the reports as JSON")
  .parse();
const o = program.opts<{ calls: string; seed: string; backends: string; json?: boolean }>();

const reports: SoakReport[] = [];
for (const backend of o.backends.split(",")) {
  const t0 = Date.now();
  if (backend === "real") {
    const site = await realSoakSite(REAL_SOAK.size, REAL_SOAK.t);
    try {
      reports.push(await soak(site, { ...REAL_SOAK.options, seed: Number(o.seed) }));
    } finally {
      await site.close();
    }
  } else if (backend === "ts" || backend === "emu") {
    const site = virtualSoakSite(backend, { size: 8 });
    reports.push(await soak(site, { calls: Number(o.calls), seed: Number(o.seed) }));
    await site.close();
  } else throw new Error(`unknown backend ${backend}: ts, emu or real`);
  if (!o.json) process.stderr.write(`${backend}: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

const failed = reports.some((r) => MUST_BE_ZERO.some((k) => r[k] !== 0));
if (o.json) console.log(JSON.stringify(reports, null, 2));
else {
  const rows: Array<[string, (r: SoakReport) => string | number | undefined]> = [
    ["calls", (r) => r.calls],
    ["calls answered", (r) => r.callsAnswered],
    ["faults injected", (r) => r.faults],
    ["commands sent", (r) => r.commands],
    ["queued bursts", (r) => r.queuedBursts],
    ["carrier losses", (r) => r.carrierLosses],
    ["wrong guesses", (r) => r.guesses],
    ["executed twice (must be 0)", (r) => r.executedTwice],
    ["wrong answers (must be 0)", (r) => r.wrongAnswers],
    ["permissions that outlived a call (must be 0)", (r) => r.outlivedPermissions],
    ["guesses not counted (must be 0)", (r) => r.uncountedGuesses],
    ["hung calls or commands (must be 0)", (r) => r.hung],
    ["variables at start (SMC 2)", (r) => r.variablesStart ?? "n/a (virtual)"],
    ["variables at end (SMC 2)", (r) => r.variablesEnd ?? "n/a (virtual)"],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  console.log("".padEnd(w) + reports.map((r) => r.backend.padStart(16)).join(""));
  for (const [k, f] of rows) {
    const cells = reports.map((r) => {
      const v = String(f(r));
      const bad = k.includes("must be 0") && v !== "0";
      return (bad ? pc.red(v.padStart(16)) : v.padStart(16));
    });
    console.log(k.padEnd(w) + cells.join(""));
  }
  for (const r of reports) for (const f of r.findings) console.log(`${r.backend}: ${f}`);
}
process.exit(failed ? 1 : 0);
