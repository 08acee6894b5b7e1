// Reads a file of the Linux build's Storage straight from its flash image
// (espruino.flash in the interpreter's folder), so tests need not ask the
// REPL: heavy use of the Linux build's standard input was measured to wedge
// its I/O buffers now and then (about twice in a thousand evaluations, the
// same input or output then repeats for ever).
//
// Layout, as the interpreter writes it (checked in host-tests): each file is
// a 32-byte header, a little-endian 32-bit size (low 24 bits) and the name
// padded with zero bytes to 28, then the data, padded to 4 bytes. Erasing a
// file zeroes the start of its name, so only live files match a whole name.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const NAME_BYTES = 28;

export function readStorageFile(dir: string, name: string): string | undefined {
  const file = path.join(dir, "espruino.flash");
  if (!existsSync(file)) return undefined;
  const flash = readFileSync(file);
  const want = Buffer.alloc(NAME_BYTES);
  want.write(name, "latin1");
  let found: string | undefined;
  for (let at = flash.indexOf(want); at >= 4; at = flash.indexOf(want, at + 1)) {
    if ((at - 4) % 4 !== 0) continue;
    const size = flash.readUInt32LE(at - 4) & 0xffffff;
    const start = at + NAME_BYTES;
    if (start + size > flash.length) continue;
    // A rewrite cut short can leave two copies: the later one is the newer.
    found = flash.subarray(start, start + size).toString("latin1");
  }
  return found;
}
