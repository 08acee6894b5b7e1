// What `npm start` checks before it simulates anything: the board, its
// bundle and the site file. A wrong argument is a person's typing mistake,
// so each answer names what exists instead of printing a stack trace.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { BoardDesc } from "../../firmware/hal/board";
import { readSiteFile, SiteFile } from "./siteFile";

/** A mistake in the command line: printed as it is, exit code 2. */
export class UsageError extends Error {}

export const USAGE_EXIT = 2;

const names = (dir: string, ext: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith(ext))
        .sort()
    : [];

export function loadStartBoard(root: string, name: string): BoardDesc {
  const known = names(path.join(root, "boards"), ".json").map((f) => f.slice(0, -5));
  if (!known.includes(name)) throw new UsageError(`no board "${name}": the boards are ${known.join(", ")} (boards/<name>.json).`);
  return JSON.parse(readFileSync(path.join(root, "boards", `${name}.json`), "utf8"));
}

export function loadStartBundle(root: string, board: string): string {
  const file = path.join(root, "dist", `${board}.js`);
  if (!existsSync(file)) throw new UsageError(`dist/${board}.js is missing: run npm run build first (npm start builds it).`);
  return readFileSync(file, "utf8");
}

export function loadStartSite(root: string, file: string): SiteFile {
  if (!existsSync(file)) {
    const sites = names(path.join(root, "sites"), ".json").map((f) => path.join("sites", f));
    throw new UsageError(`no site file ${file}: the sites are ${sites.join(", ")} (or a file of your own: host/sim/siteFile.ts lists its fields).`);
  }
  try {
    return readSiteFile(file);
  } catch (e) {
    throw new UsageError(e instanceof SyntaxError ? `${file} is not JSON: ${e.message}` : (e as Error).message);
  }
}

export function startPort(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) throw new UsageError(`--port takes a TCP port number (0 picks a free one), not "${text}".`);
  return n;
}

/** Lines of two columns, the second starting at the same place on each. */
export function columns(rows: Array<[string, string]>, indent = "  "): string[] {
  const width = Math.max(...rows.map(([a]) => a.length)) + 3;
  return rows.map(([a, b]) => (indent + a.padEnd(width) + b).trimEnd());
}
