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
  /** The file as read: on a board a string mapped from flash, costing no RAM. */
  text: string;
}

// Nothing here splits a chunk into an array of lines: a full ring is 256
// records, and an array of them on every append would want more variables
// than a board has free. Records are found with indexOf in the text as read.

function chunks(flash: Flash, file: string): Chunk[] {
  const out: Chunk[] = [];
  for (let slot = 0; slot < SLOTS; slot++) {
    const text = flash.read(file + "." + slot);
    if (!text || text.charAt(0) !== "#") continue;
    const nl = text.indexOf("\n");
    const n = nl < 0 ? -1 : parseInt(text.substring(1, nl), 10);
    if (n >= 0) out.push({ n: n, slot: slot, text: text });
  }
  out.sort((a, b) => a.n - b.n);
  return out;
}

/** Complete records in a chunk (a half-written last line has no newline). */
function lineCount(text: string): number {
  let count = -1;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

/** A Store whose documents and record files live on `flash`. */
export function storeOver(flash: Flash): Store {
  return {
    read: (name) => flash.read(name),
    write: (name, text) => flash.write(name, text),
    erase: (name) => flash.erase(name),
    append(file, record) {
      const all = chunks(flash, file);
      const last = all[all.length - 1];
      if (last && lineCount(last.text) < PER_CHUNK) {
        // Drop a half-written last line, then add the record.
        const text = last.text;
        return flash.write(file + "." + last.slot, text.substr(0, text.lastIndexOf("\n") + 1) + record + "\n");
      }
      const n = last ? last.n + 1 : 0;
      return flash.write(file + "." + (n % SLOTS), "#" + n + "\n" + record + "\n");
    },
    records(file, from, count) {
      const out: string[] = [];
      const all = chunks(flash, file);
      for (let c = 0; c < all.length && out.length < count; c++) {
        const text = all[c].text;
        let index = all[c].n * PER_CHUNK;
        let at = text.indexOf("\n") + 1;
        for (let nl = text.indexOf("\n", at); nl >= 0 && out.length < count; nl = text.indexOf("\n", at)) {
          if (index >= from) out.push(text.substring(at, nl));
          index++;
          at = nl + 1;
        }
      }
      return out;
    },
    recordCount(file) {
      const all = chunks(flash, file);
      const last = all[all.length - 1];
      return last ? last.n * PER_CHUNK + lineCount(last.text) : 0;
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
