// The class-flattening pass of the build (host/build/unwrapClasses.ts), on
// the shapes tsc emits for ES5, and on every class of the firmware.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { compile, ROOT } from "../host/build/compile";
import { unwrapClasses } from "../host/build/unwrapClasses";

const PLAIN = `var A = /** @class */ (function () {
    function A(x) {
        this.x = x;
    }
    A.prototype.get = function () { return this.x; };
    A.make = function () { return new A(1); };
    return A;
}());
export { A };
`;

const DERIVED = `import { A } from "./a";
var B = /** @class */ (function (_super) {
    __extends(B, _super);
    function B(x) {
        var _this = _super.call(this, x) || this;
        _this.y = 2;
        return _this;
    }
    B.prototype.get = function () { return _super.prototype.get.call(this) + this.y; };
    return B;
}(A));
export { B };
`;

describe("flattening TypeScript's ES5 classes", () => {
  it("turns a class IIFE into its constructor and member statements at the module's top level", () => {
    expect(unwrapClasses(PLAIN)).toBe(`function A(x) {
        this.x = x;
    }
    A.prototype.get = function () { return this.x; };
    A.make = function () { return new A(1); };
    
export { A };
`);
  });

  it("writes the base class for _super, and the result behaves as the class did", () => {
    const out = unwrapClasses(DERIVED);
    expect(out).not.toMatch(/_super|@class|return B;/);
    expect(out).toContain("__extends(B, A);");
    expect(out).toContain("A.call(this, x)");
    expect(out).toContain("A.prototype.get.call(this)");
    const extend = (d: any, b: any) => {
      d.prototype = Object.create(b.prototype);
      d.prototype.constructor = d;
    };
    const run = (code: string) =>
      runInNewContext(unwrapClasses(PLAIN).replace("export { A };", "") + code.replace(/^import.*$/m, "").replace("export { B };", "") + "var b = new B(5); [b.get(), b instanceof A, A.make().get()].join()", { __extends: extend });
    expect(run(unwrapClasses(DERIVED))).toBe("7,true,1");
    expect(run(DERIVED)).toBe("7,true,1");
  });

  it("flattens a class made inside a function into that function's body, and it behaves as before", () => {
    const code = `function make(k) {
    var C = /** @class */ (function () {
        function C() {
            this.n = k;
        }
        C.prototype.get = function () { return this.n * 2; };
        return C;
    }());
    return new C();
}
`;
    const out = unwrapClasses(code);
    expect(out).not.toMatch(/@class|return C;/);
    expect(out).toContain("function make(k) {\n    function C() {");
    expect(runInNewContext(out + "make(21).get()")).toBe(42);
  });

  it("leaves any other shape alone", () => {
    const other = [
      "var C = (function () { var n = 0; function C() {} return C; }());", // a private var would become a module name
      "var D = (function () { function D() {} return 1; }());",
      "var E2 = (function (s) { function E2() {} return E2; }(f()));", // a base with side effects
      "var F = g(function () { function F() {} return F; });",
    ];
    for (const code of other) expect(unwrapClasses(code)).toBe(code);
  });

  it("flattens every class of the firmware", () => {
    const scratch = path.join(ROOT, ".tmp/unwrap-test");
    compile([path.join(ROOT, "firmware/main.ts")], scratch);
    const files: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = path.join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (f.endsWith(".js")) files.push(p);
      }
    };
    walk(scratch);
    let classes = 0;
    for (const f of files) {
      const code = readFileSync(f, "utf8");
      classes += (code.match(/@class/g) ?? []).length;
      expect(unwrapClasses(code), path.relative(scratch, f)).not.toContain("@class");
    }
    expect(classes).toBeGreaterThan(5);
  });
});
// The fixture of build-quirks.real.test.ts (classes with extends, abstract,
// static members) goes through this pass too, on the real interpreter.
