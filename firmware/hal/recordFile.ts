// Record files over a plain key-value flash, as a bounded ring: SLOTS files
// "<file>.<slot>" of up to PER_CHUNK newline-ended records, each starting
// with its chunk number ("#<n>\n"). Appending rewrites one small file; when
// the ring is full the oldest chunk's slot is reused. No index file: the
// chunk numbers say the order, so a power cut in the middle of a write
// loses at most the record being written (a half-written last line has no
// newline and is not read). Shared by every HAL implementation.
import { Store } from "./types";

/** Records per chunk file. */
const PER_CHUNK = 32;
/** Chunk files in the ring: PER_CHUNK * SLOTS records are kept (256). */
const SLOTS = 8;

export interface Flash {
  read(name: string): string | undefined;
  write(name: string, text: string): boolean;
  erase(name: string): void;
}

interface Chunk {
  n: number;
  slot: number;
  lines: string[];
}

function chunks(flash: Flash, file: string): Chunk[] {
  const out: Chunk[] = [];
  for (let slot = 0; slot < SLOTS; slot++) {
    const text = flash.read(file + "." + slot);
    if (!text || text.charAt(0) !== "#") continue;
    const lines = text.split("\n");
    lines.pop();
    const n = parseInt(lines.shift()!.substr(1), 10);
    if (n >= 0) out.push({ n: n, slot: slot, lines: lines });
  }
  out.sort((a, b) => a.n - b.n);
  return out;
}

function write(flash: Flash, file: string, c: Chunk): boolean {
  return flash.write(file + "." + c.slot, "#" + c.n + "\n" + (c.lines.length ? c.lines.join("\n") + "\n" : ""));
}

/** A Store whose documents and record files live on `flash`. */
export function storeOver(flash: Flash): Store {
  return {
    read: (name) => flash.read(name),
    write: (name, text) => flash.write(name, text),
    erase: (name) => flash.erase(name),
    append(file, record) {
      const all = chunks(flash, file);
      let last = all[all.length - 1];
      if (!last || last.lines.length >= PER_CHUNK) {
        const n = last ? last.n + 1 : 0;
        last = { n: n, slot: n % SLOTS, lines: [] };
      }
      last.lines.push(record);
      return write(flash, file, last);
    },
    records(file, from, count) {
      const out: string[] = [];
      const all = chunks(flash, file);
      for (let c = 0; c < all.length && out.length < count; c++) {
        const base = all[c].n * PER_CHUNK;
        const lines = all[c].lines;
        for (let i = 0; i < lines.length && out.length < count; i++) if (base + i >= from) out.push(lines[i]);
      }
      return out;
    },
    recordCount(file) {
      const all = chunks(flash, file);
      const last = all[all.length - 1];
      return last ? last.n * PER_CHUNK + last.lines.length : 0;
    },
    firstRecord(file) {
      const all = chunks(flash, file);
      return all.length ? all[0].n * PER_CHUNK : 0;
    },
    eraseRecords(file) {
      for (let slot = 0; slot < SLOTS; slot++) flash.erase(file + "." + slot);
    },
  };
}
