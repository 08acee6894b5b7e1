// Quick figure while shrinking the firmware: boots each named bundle on its
// board-layout binary and answers the bench's call (boardMemory.ts), without
// the rest of `npm run bench`. `board:binary` picks another binary, e.g.
// `original:espruino-pico` for what the Original's bundle would need.
import { boardCall } from "./boardMemory";
import type { BoardBinary } from "../real";

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  for (const arg of args.length ? args : ["pico"]) {
    const [board, binary] = arg.split(":");
    const r = await boardCall(board, 0, binary as BoardBinary | undefined, 2);
    const fig = { booted: r.booted, afterBoot: r.vars, peakInCall: r.peakInCall, afterCall: r.afterCall, pool: r.total };
    console.log(`${arg} ${JSON.stringify(fig)}${r.booted ? "" : "\n" + (r.console ?? "")}`);
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
