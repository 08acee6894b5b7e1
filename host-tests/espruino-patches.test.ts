// The changes host/real/build-espruino.sh makes to Espruino's source
// (host/real/espruinoPatches.ts), on stand-ins of the three files with the
// pinned commit's anchor lines: each edit lands once, a missing anchor
// stops the build with the file and the reason, and nothing is half-written.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { applyEdits, boardEdits, linuxEdits } from "../host/real/espruinoPatches";

const BOARD_PY = [
  " 'variables' :  0, # 0 = resizable variables, rather than fixed",
  "   'libraries' : [",
  "     'NET',",
  "     'TENSORFLOW',",
  "     'GRAPHICS',",
  "     'FILESYSTEM',",
  "     'CRYPTO','SHA256','SHA512',",
  "     'TLS',",
  "   ],",
  "   'makefile' : [",
  "#     'CFLAGS+=-m32', 'LDFLAGS+=-m32', 'DEFINES+=-DUSE_CALLFUNCTION_HACK', # For testing 32 bit builds",
  "     'DEFINES+=-DUSE_FONT_6X8 -DGRAPHICS_PALETTED_IMAGES',",
  "     'LINUX=1',",
  "   ]",
  "",
].join("\n");
const LINUX_MAKE = "LIBS += -lpthread\nLIBS += -lc\nLIBS += -lstdc++\n";
const HARDWARE_C = [
  "void jshFlashErasePage(uint32_t addr) {",
  "}",
  "void jshFlashRead(void *buf, uint32_t addr, uint32_t len) {",
  "}",
  "void jshFlashWrite(void *buf, uint32_t addr, uint32_t len) {",
  "}",
  "",
  "// No - we can't memory-map the flash memory under Linux (well, we could)",
  "",
].join("\n");

describe("the patches to Espruino's source", () => {
  let src = "";
  afterEach(() => {
    if (src) rmSync(src, { recursive: true, force: true });
    src = "";
  });
  const checkout = () => {
    src = mkdtempSync(path.join(tmpdir(), "espruino-src-"));
    for (const [f, text] of [
      ["boards/LINUX.py", BOARD_PY],
      ["make/family/LINUX.make", LINUX_MAKE],
      ["targets/linux/jshardware.c", HARDWARE_C],
    ]) {
      mkdirSync(path.dirname(path.join(src, f)), { recursive: true });
      writeFileSync(path.join(src, f), text);
    }
  };
  const read = (f: string) => readFileSync(path.join(src, f), "utf8");

  it("linux: leaves out the unused libraries and the font, and puts GPIO under the working directory", () => {
    checkout();
    expect(applyEdits(src, linuxEdits())).toEqual(["boards/LINUX.py"]);
    const py = read("boards/LINUX.py");
    expect(py).not.toMatch(/TENSORFLOW|'GRAPHICS'|FILESYSTEM|'TLS'|USE_FONT_6X8/);
    expect(py).toContain("     'CRYPTO','SHA256','SHA512',\n");
    // Python reads "\\"" as \", which make hands the compiler as a C string.
    expect(py).toContain(`     'DEFINES+=-DSYSFS_GPIO_DIR="\\\\"gpio\\\\""',\n     'LINUX=1',`);
    expect(read("targets/linux/jshardware.c")).toBe(HARDWARE_C);
  });

  it("board: a fixed pool, 32-bit static, no C++ runtime, flash from a copy in memory", () => {
    checkout();
    applyEdits(src, boardEdits(2756));
    const py = read("boards/LINUX.py");
    expect(py).toContain(" 'variables' : 2756,\n");
    expect(py).toContain("     'CFLAGS+=-m32', 'LDFLAGS+=-m32 -static', 'DEFINES+=-DUSE_CALLFUNCTION_HACK',");
    expect(read("make/family/LINUX.make")).toBe("LIBS += -lpthread\nLIBS += -lc\n#LIBS += -lstdc++\n");
    const c = read("targets/linux/jshardware.c");
    expect(c).toContain("static void smcFileFlashRead(void *buf, uint32_t addr, uint32_t len) {");
    for (const fn of ["jshFlashErasePage(uint32_t addr)", "jshFlashRead(void *buf, uint32_t addr, uint32_t len)", "jshFlashWrite(void *buf, uint32_t addr, uint32_t len)"]) {
      expect(c.split("\nvoid " + fn + " {").length - 1).toBe(1);
    }
    // Ours come after the originals, before the comment they were anchored on.
    expect(c.indexOf("static void smcFileFlashWrite")).toBeLessThan(c.indexOf("void jshFlashWrite("));
    expect(c.indexOf("void jshFlashWrite(")).toBeLessThan(c.indexOf("// No - we can't memory-map"));
  });

  it("stops on a source it does not know, naming the file and the change, and writes nothing", () => {
    checkout();
    writeFileSync(path.join(src, "targets/linux/jshardware.c"), HARDWARE_C.replace("void jshFlashRead(", "void jshFlashReadOther("));
    expect(() => applyEdits(src, boardEdits(5100))).toThrow(/^targets\/linux\/jshardware\.c: cannot find "void jshFlashRead\(void \*buf, uint32_t addr, uint32_t len\) \{" \(the file-backed read, kept\); is this the pinned Espruino commit\?$/);
    expect(read("boards/LINUX.py")).toBe(BOARD_PY);
  });

  it("refuses to patch twice (an anchor found no more is a patched file)", () => {
    checkout();
    applyEdits(src, linuxEdits());
    expect(() => applyEdits(src, linuxEdits())).toThrow(/cannot find/);
  });
});
