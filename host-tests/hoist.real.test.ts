// The hoisting pass's output on the interpreter the boards run: every case
// of support/hoistCases.ts gives Node's result of its source there, and the
// cases whose declaration matters give something else without the pass
// (a ReferenceError, an outer variable, a global), so each is a real test.
// Also the Espruino behaviours the pass's proof rests on (hoist.ts header).
import vm from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { hoist } from "../host/build/hoist";
import { realSuiteGate } from "../host/real";
import { runFile } from "./support/fileMode";
import { HOIST_CASES } from "./support/hoistCases";
import { fuzzProgram } from "./support/hoistFuzz";

const gate = realSuiteGate();


/** One line `R<i>=<JSON of the result or the error's text>` per program, each in a scope of its own. */
function script(programs: { src: string; args: string }[]): string {
  return programs
    .map((p, i) => `print("R${i}="+(function(){try{\n${p.src}\nreturn JSON.stringify(t(${p.args}))}catch(e){return "!"+e}})());`)
    .join("\n");
}

function results(out: string, n: number): string[] {
  const got: string[] = [];
  for (let i = 0; i < n; i++) {
    const m = new RegExp(`R${i}=(.*)\\r?\\n`).exec(out);
    got.push(m ? m[1] : "(no line)");
  }
  return got;
}

describe.skipIf(!gate.run)("the hoisting pass's output on Espruino", () => {
  const node = HOIST_CASES.map((c) => JSON.stringify(vm.runInNewContext(`${c.src};t(${c.args})`)));
  let hoisted: string[] = [];
  let bare: string[] = [];
  beforeAll(async () => {
    const n = HOIST_CASES.length;
    hoisted = results(await runFile(script(HOIST_CASES.map((c) => ({ src: hoist(c.src), args: c.args })))), n);
    bare = results(await runFile(script(HOIST_CASES)), n);
  });

  HOIST_CASES.forEach((c, i) => {
    it(`${c.name}: Node's result ${node[i]}${c.bareFails ? ", and not without the pass" : ""}`, () => {
      expect(hoisted[i]).toBe(node[i]);
      if (c.bareFails) expect(bare[i]).not.toBe(node[i]);
    });
  });

  it("gives Node's output for 150 random programs (support/hoistFuzz.ts), most of which differ without the pass", async () => {
    const n = 150;
    const programs = Array.from({ length: n }, (_, i) => fuzzProgram(1000 + i));
    const want = programs.map((p) => vm.runInNewContext(`${p};[t(0),t(1),t(2)].join("|")`));
    const file = (code: (p: string) => string) =>
      programs.map((p, i) => `print("F${i}="+(function(){try{\n${code(p)}\nreturn [t(0),t(1),t(2)].join("|")}catch(e){return "!"+e}})());`).join("\n");
    const grab = (out: string) => programs.map((_, i) => (new RegExp(`F${i}=(.*)\\r?\\n`).exec(out) ?? [, "(no line)"])[1]);
    const got = grab(await runFile(file(hoist)));
    const bare = grab(await runFile(file((p) => p)));
    const wrong = programs.map((p, i) => (got[i] === want[i] ? "" : `${p}\n  Node ${want[i]}\n  Espruino ${got[i]}`)).filter(Boolean);
    expect(wrong).toEqual([]);
    expect(bare.filter((b, i) => b !== want[i]).length).toBeGreaterThan(n / 2);
  }, 60000);

  it("behaves as the pass's proof assumes", async () => {
    const facts = [
      // A var in a block, a catch or a for-in head is a var of the function.
      "function t(){{var a=1}try{throw 0}catch(e){var b=2}for(var k in {}){}return [a,b,typeof k]}",
      // A re-run or repeated `var x;` keeps the value.
      "function t(){var s=[];for(var i=0;i<2;i++){var x;s.push(x);x=i}var x;return s.concat([x])}",
      // The variable exists before its initialiser runs.
      "function t(){var a=(function(){return typeof a+':'+String(a)})();return a}",
      // Never reached: a read fails, as a write makes a global.
      "function t(){try{return String(z)}catch(e){return 'ReferenceError'}var z}",
    ];
    const got = results(await runFile(script(facts.map((src) => ({ src, args: "" })))), facts.length);
    expect(got).toEqual(['[1,2,"undefined"]', "[null,0,1]", '"undefined:undefined"', '"ReferenceError"']);
  });
});
