// What a firmware part evaluated from a Storage file costs, against the same
// code resident in .bootcde (docs/bench.md, "Lazy loading from Storage"):
// the IPMI function of the built bundle (dist/original.js, the top-level
// function holding "TMODE "), pretokenised as the build writes a board's
// bytes, on espruino-original booted from Storage. The boot code itself
// reads process.memory().usage at each step (no REPL line, whose history
// would count): before, with the part loaded, after dropping it, after a
// second load and drop; the same with the file missing and damaged (cut
// short). Run: npx tsx host/bench/storagePart.ts (after npm run build).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as acorn from "acorn";
import { byteLiteral, pretokenise } from "../build/pretokenise";
import { ROOT } from "../build/compile";
import { boardBinary, findInterpreter } from "../real";

/** The loader a HAL would have: undefined for a missing file or one that does not evaluate. */
const LOADER = 'function Ld(n){var s=require("Storage").read(n);if(s===undefined)return;try{return eval(s)}catch(e){return}}\n';
/** Figures in order: a, a (one more element of R), loaded, dropped, loaded and dropped again, loaded once more and dropped. */
const STEPS =
  'var P,R=[];function u(){R.push(process.memory().usage)}\n' +
  'setTimeout(function(){u();u();P=Ld("part");u();P=undefined;u();P=Ld("part");P=undefined;u();P=Ld("part");var t=typeof P;P=undefined;u();print("FIG "+R.join(" ")+" "+t+" END")},300);\n';

function ipmiFunction(): string {
  const src = readFileSync(path.join(ROOT, "dist/original.js"), "utf8");
  const ast = acorn.parse(src, { ecmaVersion: 5 }) as unknown as { body: Array<{ type: string; start: number; end: number }> };
  const f = ast.body.find((s) => s.type === "FunctionDeclaration" && src.slice(s.start, s.end).includes('"TMODE "'));
  if (!f) throw new Error("no function with \"TMODE \" in dist/original.js: build first");
  return src.slice(f.start, f.end);
}

async function boot(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(tmpdir(), "smc-storage-part", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let inst = "";
  for (const [f, v] of Object.entries(files)) inst += `require("Storage").write(${JSON.stringify(f)},${byteLiteral(v)});\n`;
  writeFileSync(path.join(dir, "install.js"), inst + "quit();\n");
  spawnSync(findInterpreter().bin!, ["install.js"], { cwd: dir });
  const p = spawn(boardBinary("espruino-original")!, [], { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  p.stdout.on("data", (d: Buffer) => (out += d.toString("latin1")));
  const t0 = Date.now();
  while (!out.includes(" END") && Date.now() - t0 < 10000) await new Promise((r) => setTimeout(r, 50));
  p.kill("SIGKILL");
  const m = /FIG ([^E]*) END/.exec(out);
  return `${name}: ${m ? m[1] : "no figures: " + JSON.stringify(out.slice(-200))}`;
}

async function main(): Promise<void> {
  const fn = ipmiFunction();
  const part = pretokenise("[" + fn.replace(/^function [\w$]+/, "function") + "]");
  const core = pretokenise(LOADER + STEPS);
  console.log(await boot("core only", { ".bootcde": core }));
  console.log(await boot("resident", { ".bootcde": pretokenise(LOADER + fn + "\n" + STEPS) }));
  console.log(await boot("from Storage", { ".bootcde": core, part }));
  console.log(await boot("missing", { ".bootcde": core }));
  console.log(await boot("damaged", { ".bootcde": core, part: part.slice(0, part.length >> 1) }));
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
