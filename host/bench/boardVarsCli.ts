// Quick figure while shrinking the firmware: boots each named bundle on its
// board-layout binary and answers the bench's call (boardMemory.ts), without
// the rest of `npm run bench`. `board:binary` picks another binary, e.g.
// `original:espruino-pico` for what the Original's bundle would need.
// `--true-peak`: also the true worst moment of a call with three accounts,
// by ballast (truePeak.ts; a minute or two a board); `--full-log` with the
// event log of a unit that has run a while (a full ring, a long tail);
// `--ipmi` with an ipmitool session as the call (truePeak.ts, TRUE_PEAK_IPMI).
import { boardCall } from "./boardMemory";
import { truePeak } from "./truePeak";
import type { BoardBinary } from "../real";

async function main(): Promise<void> {
  const all = process.argv.slice(2);
  const deep = all.includes("--true-peak");
  const verbose = all.includes("-v");
  const full = all.includes("--full-log");
  const ipmi = all.includes("--ipmi");
  const args = all.filter((a) => !a.startsWith("-"));
  for (const arg of args.length ? args : ["pico"]) {
    const [board, binary] = arg.split(":");
    const r = await boardCall(board, 0, binary as BoardBinary | undefined, 2);
    // harness: what .boot0 adds (boardMemory.ts, harnessExpr), in every figure; a board's own after boot is afterBoot less it.
    const onBoard = r.vars !== null && r.harness !== null ? r.vars - r.harness : null;
    const fig = { booted: r.booted, afterBoot: r.vars, peakInCall: r.peakInCall, afterCall: r.afterCall, pool: r.total, harness: r.harness, boardAfterBoot: onBoard };
    console.log(`${arg} ${JSON.stringify(fig)}${r.booted ? "" : "\n" + (r.console ?? "")}`);
    if (deep) console.log(`${arg} ${JSON.stringify(await truePeak(board, binary as BoardBinary | undefined, 4, verbose ? (s) => console.log(s) : undefined, full, ipmi))}`);
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
