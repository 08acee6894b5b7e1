// The per-hop cost of a search (AUTH): every SMC it passes checks the
// credentials, one SHA-256 in JavaScript per account, before passing it on.
// Measured:
//   - one SHA-256 of a salted password, the firmware's own code booted
//     from Storage, on the board-layout interpreter (bin/espruino-pico: a
//     board's variable size, code read from a copy of the flash in memory)
//     and on bin/espruino (which reads Storage from its file on every access);
//   - AUTH across k hops of a chain of real interpreter processes
//     (bin/espruino: the 52 KB bundle does not even install on the board
//     layout's 5,100 variables through its REPL), wall time.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ts from "typescript";
import { defaultConfig } from "../../firmware/config";
import { finalSeen } from "../dut/dut";
import { realSite } from "../dut/realSite";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** Chain of 9 SMCs: searches of 1..8 hops. */
export const SEARCH_HOPS = 8;
const RUNS = 5;

export function boardInterpreter(): string {
  return path.resolve(path.dirname(process.env.ESPRUINO_BIN || path.resolve(ROOT, "../shared/espruino/bin/espruino")), "espruino-pico");
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Milliseconds of interpreter time for one sha256hex of a salted password, code in Storage. */
export async function sha256Ms(bin: string): Promise<number> {
  const src = readFileSync(path.join(ROOT, "firmware/auth/sha256.ts"), "utf8");
  const js = ts.transpileModule(src, { compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.None } }).outputText.replace(/^.*exports.*$/gm, "");
  const n = 20;
  const code = js + `;var h=sha256hex("5a170003:warm");var t=getTime();for(var i=0;i<${n};i++)h=sha256hex("5a170003:pw-"+i);console.log("SHA256MS "+((getTime()-t)*1000/${n}).toFixed(2));`;
  const dir = mkdtempSync(path.join(tmpdir(), "smc-sha-"));
  try {
    writeFileSync(path.join(dir, "install.js"), `require("Storage").write(".bootcde",${JSON.stringify(code)});quit();`);
    spawnSync(bin, ["install.js"], { cwd: dir, input: "", timeout: 20000 });
    // Booted from Storage, as the firmware runs; its REPL input stays open.
    const p = spawn(bin, [], { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (d: Buffer) => (out += d.toString("latin1")));
    const deadline = Date.now() + 30000;
    while (!/SHA256MS [\d.]+/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    p.kill("SIGKILL");
    const m = /SHA256MS ([\d.]+)/.exec(out);
    if (!m) throw new Error("no SHA-256 figure from " + bin + ": " + out.slice(-200));
    return Number(m[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface SearchHopRow {
  hops: number;
  /** AUTH with the credentials of the SMC `hops` links away: median wall ms. */
  ms: number;
}

/** AUTH across 1..SEARCH_HOPS hops of a chain of real interpreter processes. */
export async function searchHopTimes(): Promise<SearchHopRow[]> {
  {
    const site = await realSite({ size: SEARCH_HOPS + 1, ring: false, modemBaud: 115200 });
    try {
      for (let u = 1; u < site.size; u++) await site.waitConsole(u, "LINK B up", 20000);
      const rows: SearchHopRow[] = [];
      for (let k = 1; k <= SEARCH_HOPS; k++) {
        const times: number[] = [];
        for (let r = 0; r < RUNS; r++) {
          site.clear();
          const start = site.now();
          site.send(`AUTH admin pw-${k + 1}\r`);
          await site.waitFor(finalSeen, 30000);
          if (!site.text().includes(`ID ${k + 1}\r\nOK\r\n`)) throw new Error(`AUTH across ${k} hops: ${JSON.stringify(site.text())}`);
          times.push(site.now() - start);
        }
        rows.push({ hops: k, ms: Math.round(median(times) * 10) / 10 });
      }
      return rows;
    } finally {
      await site.close();
    }
  }
}

/** Least-squares slope of ms over hops. */
export function perHop(rows: SearchHopRow[]): number {
  const n = rows.length;
  const mx = rows.reduce((a, r) => a + r.hops, 0) / n;
  const my = rows.reduce((a, r) => a + r.ms, 0) / n;
  const sxy = rows.reduce((a, r) => a + (r.hops - mx) * (r.ms - my), 0);
  const sxx = rows.reduce((a, r) => a + (r.hops - mx) ** 2, 0);
  return Math.round((sxy / sxx) * 10) / 10;
}

/** The longest a hop may be busy without a link going down: its neighbours need a heartbeat within linkDownMs. */
export function stallLimitMs(): number {
  const t = defaultConfig().t;
  return t.linkDownMs - t.heartbeatMs;
}
