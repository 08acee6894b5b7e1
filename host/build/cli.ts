// `npm run build`: one bundle per board, and its size; a board the firmware
// does not fit is named, so nobody flashes it unawares.
import { buildAll, boards } from "./build";
import { doesNotFit } from "./fit";

try {
  const byName = new Map(boards().map((b) => [b.name, b]));
  for (const b of await buildAll()) {
    const why = doesNotFit(byName.get(b.board)!);
    const h = b.hoisted;
    console.log(`${b.file} ${b.bytes} bytes, ${b.boardFile} ${b.boardBytes} bytes for the board${why ? ` (does not fit: ${why})` : ""}`);
    console.log(`  vars: ${h.lazy} declared where they stand, ${h.block} at a block's start, ${h.top} at their function's top (hoist.ts)`);
  }
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
