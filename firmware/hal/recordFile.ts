// Record files over a plain key-value flash: records are split into files
// "<file>.<n>" of RECORDS_PER_CHUNK newline-ended records, so appending
// rewrites one small file, never the whole log (flash is erased in pages;
// small files wear it evenly). Shared by every HAL implementation.
import { Store } from "./types";

const RECORDS_PER_CHUNK = 32;

export interface Flash {
  read(name: string): string | undefined;
  write(name: string, text: string): boolean;
  erase(name: string): void;
}

function chunkName(file: string, n: number): string {
  return file + "." + n;
}

function linesOf(text: string | undefined): string[] {
  if (!text) return [];
  const lines = text.split("\n");
  lines.pop();
  return lines;
}

function chunkCount(flash: Flash, file: string): number {
  let n = 0;
  while (flash.read(chunkName(file, n)) !== undefined) n++;
  return n;
}

/** A Store whose documents and record files live on `flash`. */
export function storeOver(flash: Flash): Store {
  return {
    read: (name) => flash.read(name),
    write: (name, text) => flash.write(name, text),
    erase: (name) => flash.erase(name),
    append(file, record) {
      let n = chunkCount(flash, file);
      let last = n > 0 ? flash.read(chunkName(file, n - 1)) : undefined;
      if (last === undefined || linesOf(last).length >= RECORDS_PER_CHUNK) {
        last = "";
        n++;
      }
      return flash.write(chunkName(file, n - 1), last + record + "\n");
    },
    records(file, from, count) {
      const out: string[] = [];
      let index = 0;
      const n = chunkCount(flash, file);
      for (let c = 0; c < n && out.length < count; c++) {
        const lines = linesOf(flash.read(chunkName(file, c)));
        for (let i = 0; i < lines.length && out.length < count; i++, index++) {
          if (index >= from) out.push(lines[i]);
        }
      }
      return out;
    },
    recordCount(file) {
      const n = chunkCount(flash, file);
      return n ? (n - 1) * RECORDS_PER_CHUNK + linesOf(flash.read(chunkName(file, n - 1))).length : 0;
    },
    eraseRecords(file) {
      const n = chunkCount(flash, file);
      for (let c = 0; c < n; c++) flash.erase(chunkName(file, c));
    },
  };
}
