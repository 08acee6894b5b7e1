// The build pipeline's output must run on the interpreter the boards run:
// the NOTES.md quirks that touch generated code (no hoisting, no methods on
// prototype objects, helpers) are compiled from a fixture by the same
// pipeline as the firmware and run on Node and on the real interpreter.
// A compiler or bundler upgrade that reintroduces one fails here.
import path from "node:path";
import vm from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { buildEntry } from "../host/build/build";
import { realSuiteGate } from "../host/real";
import { runFile } from "./support/fileMode";

const gate = realSuiteGate();
const FIXTURE = path.resolve(import.meta.dirname, "fixtures/quirks.ts");


describe.skipIf(!gate.run)("the build's output on the real interpreter", () => {
  let minified = "";
  let plain = "";
  let unhoisted = "";
  beforeAll(async () => {
    minified = await buildEntry(FIXTURE);
    plain = await buildEntry(FIXTURE, {}, { minify: false });
    unhoisted = await buildEntry(FIXTURE, {}, { hoist: false });
  });

  const expected =
    "QUIRKS 42|square:9|square:24|true|square:6|3|6Greenb7|11|none|template 2|0,1,2|1{\"b\":2,\"c\":3}|1,2,3,4,5|5|undefined";

  it("Node runs the fixture as TypeScript means it", () => {
    const lines: string[] = [];
    vm.runInNewContext(minified, { console: { log: (s: string) => lines.push(s) } });
    expect(lines).toEqual([expected]);
  });

  for (const [name, get] of [
    ["minified", () => minified],
    ["unminified", () => plain],
  ] as const) {
    it(`the ${name} bundle prints the same on Espruino`, async () => {
      const out = await runFile(get());
      expect(out).not.toContain("Uncaught");
      expect(out).toContain(expected + "\r\n");
    });
  }

  it("without the hoisting pass the same bundle fails on Espruino: the pass is what makes it run", async () => {
    const out = await runFile(unhoisted);
    expect(out).toMatch(/Uncaught ReferenceError: "\w+" is not defined/);
    expect(out).not.toContain("QUIRKS");
  });
});
