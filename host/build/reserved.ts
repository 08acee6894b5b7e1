// Names the bundle must never take for its own: with no IIFE around it, its
// top-level functions and vars are Espruino's root scope, so a minified name
// such as `E`, `A0` or `print` would overwrite the interpreter's own. The
// build hands this list to esbuild (which then avoids the names) and the
// ES5 check rejects a bundle that declares one at top level anyway.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./compile";

const TYPES = path.join(ROOT, "node_modules/@types/espruino/index.d.ts");

/** JavaScript's own globals that Espruino has too, and the words esbuild never picks anyway. */
const JS_GLOBALS = [
  "Object", "Function", "Array", "String", "Number", "Boolean", "Math", "JSON", "Date", "RegExp", "Error", "TypeError",
  "SyntaxError", "ReferenceError", "RangeError", "InternalError", "Promise", "ArrayBuffer", "DataView", "Uint8Array",
  "Int8Array", "Uint8ClampedArray", "Uint16Array", "Int16Array", "Uint32Array", "Int32Array", "Float32Array",
  "Float64Array", "Infinity", "NaN", "undefined", "isFinite", "setTimeout", "setInterval", "console", "require",
  "process", "quit", "exports", "module", "this",
];

/** Names the test harness defines in .boot0 on the real interpreter (host/dut/realDut.ts, host/bench/boardMemory.ts). */
const HARNESS = ["_Serial1", "_Serial2", "_Serial3", "_Serial4", "_Serial5", "_Serial6", "__pk", "__pt"];

/** A pin name on any Espruino board: A0..H15 (and D0..D63), LED1.., BTN, BTN1.. */
export const PIN_NAME = /^([A-H]\d{1,2}|LED\d|BTN\d?)$/;

function pinNames(): string[] {
  const out: string[] = [];
  for (const port of "ABCDEFGH") for (let n = 0; n < 64; n++) out.push(port + n);
  for (let n = 1; n <= 8; n++) out.push("LED" + n, "BTN" + n);
  out.push("BTN");
  return out;
}

/** Every global name Espruino declares (@types/espruino): functions, objects, classes, pins. */
function espruinoTypes(): string[] {
  const text = readFileSync(TYPES, "utf8");
  const out = new Set<string>();
  for (const m of text.matchAll(/^(?:declare )?(?:const|let|var|function|class|namespace|interface) ([A-Za-z_$][\w$]*)/gm)) out.add(m[1]);
  return [...out];
}

let cached: Set<string> | undefined;

/** The whole list, computed once per process. */
export function reservedGlobals(): Set<string> {
  cached ??= new Set([...espruinoTypes(), ...JS_GLOBALS, ...HARNESS, ...pinNames()]);
  return cached;
}

/** True when a top-level name of the bundle would clobber one of Espruino's. */
export const isReserved = (name: string): boolean => reservedGlobals().has(name) || PIN_NAME.test(name);

/**
 * A module that only mentions every reserved name, inside a function nothing
 * calls: esbuild drops the function but still keeps its minified names off
 * every name an unbound reference uses (checked by the ES5 check).
 */
export function reserveModule(): string {
  // `eval` and `arguments` would change what esbuild may rename: they are never picked anyway.
  const names = [...reservedGlobals()].filter((n) => n !== "eval" && n !== "arguments" && n !== "this" && n !== "undefined");
  return "export function __reserved__(){return [" + names.join(",") + "];}\n";
}
