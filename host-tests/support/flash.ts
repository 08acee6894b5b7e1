// Runs `npm run flash` (host/flash/cli.ts, --all --no-build: the suite has
// built dist/ already, and a build here would rewrite it under other
// suites) on a site file of `units` written into `dir`.
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { RETRY } from "../../host/flash/upload";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

export interface FlashRun {
  /** Exit status. */
  code: number;
  /** The per-unit lines and the summary, without colours (the once-more notes left out). */
  lines: string[];
  /** Writes the tool made once more. */
  retries: number;
}

export async function runFlash(dir: string, units: object[], env: Record<string, string>): Promise<FlashRun> {
  const site = path.join(dir, "site.json");
  writeFileSync(site, JSON.stringify({ units }));
  const r = await run(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "host/flash/cli.ts"), "--config", site, "--all", "--no-build"], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    // Room for a loaded machine: the Linux build echoes every byte of the
    // upload's lines with a write of its own, and an upload that took 23 s
    // on a busy machine took ~117 s beside the suite's load (flash.real
    // ran out of its time then). What the board stored is still checked
    // byte for byte (STORED, cli.ts).
    timeout: 280000,
  }).then(
    (ok) => ({ code: 0, stdout: ok.stdout }),
    (e) => ({ code: typeof e.code === "number" ? e.code : -1, stdout: String(e.stdout ?? "") }),
  );
  // A write the board did not confirm is written once more (cli.ts): the
  // Linux build's console drops input bytes under load (docs/testing.md).
  // The lines after it are what the tests assert; `retries` counts them.
  const all = r.stdout
    .replace(/\x1b\[[0-9;]*m/g, "")
    .split("\n")
    .filter((l) => /^\[|units/.test(l));
  const lines = all.filter((l) => !l.endsWith(`: ${RETRY}`));
  return { code: r.code, lines, retries: all.length - lines.length };
}
