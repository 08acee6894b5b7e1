// Record files over a plain key-value flash, as a bounded ring of chunks of
// up to Rec.PerChunk newline-ended records, each chunk file starting with its
// chunk number ("#<n>\n"). Record i (0 = the first ever) is line i % 32 of
// chunk i / 32, so numbers never depend on what else survived.
//
// A file write is not atomic (a power cut can leave the file half-written
// or gone), so no write ever replaces the only copy of a record:
// - the newest chunk, the "tail", is rewritten on each append, alternately
//   into "<file>.t0" and "<file>.t1": the write goes to the one NOT holding
//   the newest version, so a cut loses only the record being written;
// - a full tail is first copied ("sealed") into ring file "<file>.<n % RING>"
//   and only then does a new tail start, in the other tail file.
// Readers take, for each chunk number, the copy with the most complete
// lines (every version of a chunk is a prefix of the later ones); a
// half-written last line has no newline and is not read. Shared by every
// HAL implementation.
import { Store } from "./types";

// Constants as a const enum: inlined where used, no variable on a board.
const enum Rec {
  /** Records per chunk file. */
  PerChunk = 32,
  /** Sealed chunks kept beside the tail: at least Ring * PerChunk + 1 = 257 records are kept once the ring is full. */
  Ring = 8,
}

/**
 * What record files need of a flash: Espruino's Storage module is one. Its
 * read and erase become the store's own, called without `this` (as
 * Storage's natives may be): give functions that do not need it.
 */
export interface Flash {
  read(name: string): string | undefined;
  /**
   * Espruino's Storage.write: offset 0 (or none) makes a new file of `size`
   * bytes (default: the text's), the text at its start and the rest erased
   * (0xFF); a later offset writes into that file's erased bytes.
   */
  write(name: string, text: string, offset?: number, size?: number): boolean;
  erase(name: string): void;
}

interface Chunk {
  n: number;
  /** Complete records in it. */
  lines: number;
  name: string;
  /** The file as read: on a board a string mapped from flash, costing no RAM. */
  text: string;
}

// Nothing here splits a chunk into an array of lines: a full ring is 288
// records, and an array of them on every append would want more variables
// than a board has free. Records are found with indexOf in the text as read.

/**
 * The later of `best` and the chunk file `name` holds (absent or damaged at
 * its head: `best`): the higher chunk number, then the more records. One
 * function for both jobs: each function costs a board ~8 variables for good.
 */
function chunkOf(flash: Flash, name: string, best?: Chunk): Chunk | undefined {
  const text = flash.read(name);
  if (!text || text.charAt(0) !== "#") return best;
  const nl = text.indexOf("\n");
  const n = nl < 0 ? -1 : parseInt(text.substring(1, nl), 10);
  if (!(n >= 0)) return best;
  // Complete records: newline-ended lines after the head.
  let lines = -1;
  for (let i = nl; i >= 0 && lines < Rec.PerChunk; i = text.indexOf("\n", i + 1)) lines++;
  return best && (best.n > n || (best.n === n && best.lines >= lines)) ? best : { n: n, lines: lines, name: name, text: text };
}

/** Every chunk kept, oldest first, one copy (the most complete) per chunk number. */
function chunks(flash: Flash, file: string): Chunk[] {
  const out: Chunk[] = [];
  // The ring's files, then the two tail files.
  for (let f = 0; f < Rec.Ring + 2; f++) {
    const c = chunkOf(flash, file + (f < Rec.Ring ? "." + f : ".t" + (f - Rec.Ring)));
    if (!c || c.lines < 1) continue;
    let i = 0;
    while (i < out.length && out[i].n !== c.n) i++;
    // Of two copies of one chunk, the one with more records.
    if (i === out.length) out.push(c);
    else if (c.lines > out[i].lines) out[i] = c;
  }
  out.sort((a, b) => a.n - b.n);
  return out;
}

/**
 * A Store whose documents and record files live on `flash`: one class, its
 * methods shared (no closure per method), over any Flash, Espruino's
 * Storage module itself on a board.
 */
export class RecordStore implements Store {
  /** The flash's own (Espruino's natives on a board): no function of ours in between. */
  read: (name: string) => string | undefined;
  erase: (name: string) => void;
  constructor(private f: Flash) {
    this.read = f.read;
    this.erase = f.erase;
  }
  // A full or worn flash throws on a board; the caller gets false and carries on.
  write(name: string, text: string, offset?: number, size?: number): boolean {
    try {
      return this.f.write(name, text, offset, size) !== false;
    } catch (e) {
      return false;
    }
  }
  append(file: string, record: string): boolean {
    // The newest version of the tail (when both tail files are gone: of the newest ring chunk).
    let cur = chunkOf(this.f, file + ".t1", chunkOf(this.f, file + ".t0"));
    if (!cur) for (let slot = 0; slot < Rec.Ring; slot++) cur = chunkOf(this.f, file + "." + slot, cur);
    // Never over the newest version: into the other tail file.
    const name = file + (cur && cur.name === file + ".t0" ? ".t1" : ".t0");
    if (cur && cur.lines < Rec.PerChunk) {
      // The complete lines of the newest version (a half-written last line
      // is dropped), then the record: written as two parts of one new file,
      // the lines as read (on a board, a string mapped from flash) and the
      // record at its offset. Not concatenated first: that string held up
      // to a whole chunk (~1,300 bytes, ~110 variables of a board) at the
      // worst moment of a call (docs/bench.md, "True peak"). A cut between
      // the two leaves erased bytes after the lines: no newline, not read.
      let end = 0;
      for (let i = 0; i <= cur.lines; i++) end = cur.text.indexOf("\n", end) + 1;
      return this.write(name, cur.text.substr(0, end), 0, end + record.length + 1) && this.write(name, record + "\n", end);
    }
    // Seal the full tail into the ring before the new tail may overwrite its other copy.
    if (cur && !this.write(file + "." + (cur.n % Rec.Ring), cur.text)) return false;
    return this.write(name, "#" + (cur ? cur.n + 1 : 0) + "\n" + record + "\n");
  }
  records(file: string, from: number, count: number): string[] {
    const out: string[] = [];
    const all = chunks(this.f, file);
    for (let c = 0; c < all.length && out.length < count; c++) {
      const text = all[c].text;
      let index = all[c].n * Rec.PerChunk;
      let at = text.indexOf("\n") + 1;
      for (let k = 0; k < all[c].lines && out.length < count; k++) {
        const nl = text.indexOf("\n", at);
        if (index >= from) out.push(text.substring(at, nl));
        index++;
        at = nl + 1;
      }
    }
    return out;
  }
  recordCount(file: string): number {
    // The newest chunk with a record. A tail cut before its first record
    // holds none and is not among them, but the count is the same: a tail
    // starts only after the chunk before it is full and sealed.
    const all = chunks(this.f, file);
    const last = all[all.length - 1];
    return last ? last.n * Rec.PerChunk + last.lines : 0;
  }
  eraseRecords(file: string): void {
    for (let slot = 0; slot < Rec.Ring; slot++) this.f.erase(file + "." + slot);
    this.f.erase(file + ".t0");
    this.f.erase(file + ".t1");
  }
}

/** The same, for the host's HALs (the firmware's uses the class: one function fewer on a board). */
export function storeOver(flash: Flash): Store {
  return new RecordStore(flash);
}
