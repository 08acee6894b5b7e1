// TypeScript -> ES5 modules (tsc) -> one minified IIFE (esbuild, with the
// Espruino-safe TypeScript helpers injected) -> explicit hoisting -> the ES5
// check. One bundle per board file; the board is baked in as __BOARD__.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as esbuild from "esbuild";
import type { BoardDesc } from "../../firmware/hal/board";
import { compileProgram, HELPERS, ROOT } from "./compile";
import { MANGLED, reservedProps, reservePattern } from "./mangle";
import { checkBundle } from "./es5check";
import { hoist, type HoistStats } from "./hoist";
import { pretokenise } from "./pretokenise";
import { reserveModule } from "./reserved";
import { unwrapClasses } from "./unwrapClasses";

export const FIRMWARE_ENTRY = path.join(ROOT, "firmware/main.ts");
const SCRATCH = path.join(ROOT, ".tmp/tsc");

export interface Built {
  board: string;
  /** The plain bundle (dist/<board>.js): what the Node emulation runs and the ES5 check reads. */
  file: string;
  bytes: number;
  /** What a board stores as .bootcde (dist/<board>.bootcde): the bundle pretokenised, as bytes. */
  boardFile: string;
  boardBytes: number;
  /** How the hoisting pass declared the bundle's vars (hoist.ts). */
  hoisted: HoistStats;
}

/** Where the board's bytes of a bundle are (pretokenise.ts). */
export const boardBytesPath = (board: string, dir = path.join(ROOT, "dist")): string => path.join(dir, `${board}.bootcde`);

export function version(): string {
  return JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).version;
}

export function boards(): BoardDesc[] {
  const dir = path.join(ROOT, "boards");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), "utf8")));
}

/** The board as the firmware sees it: without the texts only docs use, which would cost variables on the board. */
export function bakedBoard(board: BoardDesc): BoardDesc {
  const out = { ...board };
  delete out.title;
  delete out.notes;
  return out;
}

/** Bundles an already compiled entry; throws when the result fails the ES5 check. */
export interface BundleOptions {
  minify?: boolean;
  /** Off only to show, in a test, what the pass is for. */
  hoist?: boolean;
  /** Gets the hoisting pass's counts added. */
  hoistStats?: HoistStats;
  /** TypeScript's class IIFEs flattened (unwrapClasses.ts); off only for comparison. */
  unwrapClasses?: boolean;
  /** Property names not to shorten (mangle.ts); without it no property is shortened. */
  reserveProps?: RegExp;
  /**
   * Shortened names shared between bundles: pass one object to every
   * bundle() of a board (say a Storage module loaded at run time beside the
   * main bundle) and each gets the same short name for the same property.
   * Updated in place.
   */
  mangleCache?: Record<string, string | false>;
}

/** Runs unwrapClasses on every module tsc emitted, as esbuild reads it. */
const classUnwrapper: esbuild.Plugin = {
  name: "unwrap-classes",
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(SCRATCH + path.sep)) return undefined;
      return { contents: unwrapClasses(readFileSync(args.path, "utf8")), loader: "js" };
    });
  },
};

export async function bundle(compiledEntry: string, define: Record<string, string>, opts: BundleOptions = {}): Promise<string> {
  const { minify = true, hoist: hoisting = true, unwrapClasses: unwrapping = true, reserveProps } = opts;
  const helpers = path.join(SCRATCH, path.relative(ROOT, HELPERS)).replace(/\.ts$/, ".js");
  // No IIFE around the bundle (format "esm" with nothing exported is plain
  // top-level code): every function it defines is then one scope deep, not
  // two, which saves the copied scope chain of each (NOTES.md). Its names
  // become Espruino's root scope, so they must keep off Espruino's own: the
  // entry mentions all of those in dead code (reserved.ts).
  const entry = compiledEntry.replace(/\.js$/, ".entry.js");
  writeFileSync(entry, `import ${JSON.stringify("./" + path.basename(compiledEntry))};\n${reserveModule().replace("export ", "")}`);
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "esm",
    target: "es5",
    minify,
    legalComments: "none",
    inject: [helpers],
    define,
    plugins: unwrapping ? [classUnwrapper] : [],
    // Long property names shortened, except those something outside the bundle knows (mangle.ts).
    ...(reserveProps && minify ? { mangleProps: MANGLED, reserveProps, mangleCache: opts.mangleCache ?? {} } : {}),
    logLevel: "silent",
  });
  if (opts.mangleCache && result.mangleCache) Object.assign(opts.mangleCache, result.mangleCache);
  const text = result.outputFiles[0].text;
  const code = hoisting ? hoist(text, opts.hoistStats) : text;
  const problems = checkBundle(code);
  if (problems.length) throw new Error("bundle fails the ES5 check:\n  " + problems.join("\n  "));
  return code;
}

/** Compiles and bundles any entry with the firmware's pipeline (used for the build-quirk fixtures too). */
export async function buildEntry(entry: string, define: Record<string, string> = {}, opts: BundleOptions = {}): Promise<string> {
  rmSync(SCRATCH, { recursive: true, force: true });
  const { files, program } = compileProgram([entry, FIRMWARE_ENTRY], SCRATCH);
  return bundle(files[0], define, { reserveProps: reservePattern(reservedProps(program)), ...opts });
}

export async function buildAll(outDir = path.join(ROOT, "dist")): Promise<Built[]> {
  rmSync(SCRATCH, { recursive: true, force: true });
  const { files, program } = compileProgram([FIRMWARE_ENTRY], SCRATCH);
  const reserveProps = reservePattern(reservedProps(program));
  mkdirSync(outDir, { recursive: true });
  const out: Built[] = [];
  for (const board of boards()) {
    const hoisted: HoistStats = { top: 0, block: 0, lazy: 0 };
    const code = await bundle(files[0], { __BOARD__: JSON.stringify(bakedBoard(board)), __VERSION__: JSON.stringify(version()) }, { reserveProps, hoistStats: hoisted });
    const file = path.join(outDir, `${board.name}.js`);
    writeFileSync(file, code);
    const tokens = pretokenise(code);
    const boardFile = boardBytesPath(board.name, outDir);
    writeFileSync(boardFile, Buffer.from(tokens, "latin1"));
    out.push({ board: board.name, file: path.relative(ROOT, file), bytes: Buffer.byteLength(code, "latin1"), boardFile: path.relative(ROOT, boardFile), boardBytes: tokens.length, hoisted });
  }
  return out;
}
