// The board's bytes: the bundle pretokenised by the Espruino CLI's own
// tokeniser (the `espruino` package's plugins/pretokenise.js, run here as
// the CLI runs it with PRETOKENISE=2): keywords and operators become one
// byte each, strings and integers raw length-prefixed bytes. Booted from
// Storage, that saves variables (NOTES.md: ~68) and ~18 % of the bytes.
// The result is a byte string (characters 0-255): installers write those
// bytes, never UTF-8. The Node emulation runs the plain bundle.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import vm from "node:vm";
import * as acorn from "acorn";

const require = createRequire(import.meta.url);

interface Tokeniser {
  tokenise(code: string): string;
}

let cached: Tokeniser | undefined;

function tokeniser(): Tokeniser {
  if (cached) return cached;
  const file = require.resolve("espruino/plugins/pretokenise.js");
  const Espruino = { Config: { PRETOKENISE: 2 }, Core: { Env: { getBoardData: () => ({}) }, Utils: {} }, Plugins: {} as Record<string, Tokeniser> };
  vm.runInNewContext(readFileSync(file, "utf8"), { Espruino, acorn, console }, { filename: file });
  cached = Espruino.Plugins.Pretokenise;
  if (!cached?.tokenise) throw new Error(`${file} no longer defines Espruino.Plugins.Pretokenise.tokenise`);
  return cached;
}

/** `code` as the bytes a board stores (a latin1 string). */
export function pretokenise(code: string): string {
  const out = tokeniser().tokenise(code);
  for (let i = 0; i < out.length; i++) if (out.charCodeAt(i) > 255) throw new Error(`pretokenised bundle has a character beyond a byte at ${i}`);
  return out;
}

/**
 * Back to source text, as Espruino's lexer reads the bytes (for tests: what
 * the board reads is what was built). Not the CLI's own untokenise: that one
 * reads raw integers unsigned (-1 comes back as 255); the interpreter reads
 * them signed (checked on bin/espruino and espruino-pico).
 */
export function untokenise(bytes: string): string {
  const src = readFileSync(require.resolve("espruino/plugins/pretokenise.js"), "utf8");
  const table = src.slice(src.indexOf("var TOKENS"), src.indexOf("];", src.indexOf("var TOKENS")));
  const words = [...table.replace(/\/\*[\s\S]*?\*\//g, "").matchAll(/"([^"]*)"/g)].map((m) => m[1]);
  const START = 138;
  let out = "";
  // Spaces around what a byte stood for: never wrong between tokens.
  const word = (t: string) => " " + t + " ";
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes.charCodeAt(i);
    const b = (k: number) => bytes.charCodeAt(i + k);
    if (c === 0xd1) {
      out += JSON.stringify(bytes.substr(i + 2, b(1)));
      i += 1 + b(1);
    } else if (c === 0xd2) {
      const n = b(1) | (b(2) << 8);
      out += JSON.stringify(bytes.substr(i + 3, n));
      i += 2 + n;
    } else if (c === 0xd3) out += word("0");
    else if (c === 0xd4) {
      out += word(String((b(1) << 24) >> 24));
      i += 1;
    } else if (c === 0xd5) {
      out += word(String(((b(1) | (b(2) << 8)) << 16) >> 16));
      i += 2;
    } else if (c >= START && c < START + words.length) out += word(words[c - START]);
    else out += bytes[i];
  }
  return out;
}

/** A JavaScript string literal of `bytes` in plain ASCII (\xNN for anything else): Espruino turns it back into the same bytes. */
export function byteLiteral(bytes: string): string {
  return JSON.stringify(bytes).replace(/[\u007f-\u00ff]/g, (c) => "\\x" + c.charCodeAt(0).toString(16).padStart(2, "0"));
}
