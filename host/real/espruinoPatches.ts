// The changes host/real/build-espruino.sh makes to Espruino's public source
// (at the pinned commit) before building the interpreters the
// real-interpreter suite runs. Each change finds its anchor exactly once or
// stops with a message: a different source needs a look, not a guess.
//
//   linux            Espruino's Linux build as the suite uses it: GPIO through
//                    files under the working directory (gpio/gpioN/value), and
//                    without libraries an SMC never uses, whose sources a plain
//                    checkout lacks (TensorFlow, graphics, FatFS, TLS).
//   board <vars>     the same, built as a board: 32-bit (a board's 13-byte
//                    blocks), statically linked, a fixed pool of <vars>
//                    variables, and flash read from a copy in memory as a
//                    board reads its flash, writes going to the file at once.
//
// Usage: tsx host/real/espruinoPatches.ts linux|board <vars> ESPRUINO_SRC
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** One edit of one file: what it must find, and what it leaves. */
export interface Edit {
  file: string;
  why: string;
  apply(text: string): string;
}

function once(text: string, anchor: string, file: string, why: string): number {
  const at = text.indexOf(anchor);
  if (at < 0 || text.indexOf(anchor, at + 1) >= 0) {
    throw new Error(`${file}: ${at < 0 ? "cannot find" : "more than one"} ${JSON.stringify(anchor)} (${why}); is this the pinned Espruino commit?`);
  }
  return at;
}

const replaceOnce = (file: string, why: string, anchor: string, by: string): Edit => ({
  file,
  why,
  apply: (t) => {
    const at = once(t, anchor, file, why);
    return t.slice(0, at) + by + t.slice(at + anchor.length);
  },
});

const BOARD_PY = "boards/LINUX.py";
const LINUX_MAKE = "make/family/LINUX.make";
const HARDWARE_C = "targets/linux/jshardware.c";

/** Libraries left out, and the font define that needs GRAPHICS. */
const DROPPED = ["     'TENSORFLOW',\n", "     'GRAPHICS',\n", "     'FILESYSTEM',\n", "     'TLS',\n"];

export function linuxEdits(): Edit[] {
  const edits = DROPPED.map((line) => replaceOnce(BOARD_PY, "a library an SMC never uses", line, ""));
  edits.push({
    file: BOARD_PY,
    why: "the graphics fonts, gone with GRAPHICS",
    apply: (t) => {
      const start = once(t, "-DUSE_FONT_6X8", BOARD_PY, "the graphics fonts");
      const from = t.lastIndexOf("\n", start) + 1;
      return t.slice(0, from) + t.slice(t.indexOf("\n", start) + 1);
    },
  });
  // The string literal "gpio" must reach the C compiler through Python and
  // make: in the board file it reads 'DEFINES+=-DSYSFS_GPIO_DIR="\"gpio\""'.
  edits.push(replaceOnce(BOARD_PY, "GPIO through files under the working directory", "     'LINUX=1',", `     'DEFINES+=-DSYSFS_GPIO_DIR="\\\\"gpio\\\\""',\n     'LINUX=1',`));
  return edits;
}

/** Flash from a copy in memory: our wrapper around the Linux target's file-backed flash. */
const FLASH_COPY = `
/* smc-chain-firmware (host/real/espruinoPatches.ts): reads come from a copy of
 * the flash file in memory, as a board reads its flash at memory speed;
 * writes and erases go to the file at once (a SIGKILL after a write keeps
 * it, as a power cut after a flash write does) and to the copy. */
static unsigned char *smcFlashCopy = 0;
static unsigned char *smcFlashLoaded(void) {
  if (!smcFlashCopy) {
    smcFlashCopy = malloc(FLASH_TOTAL);
    smcFileFlashRead(smcFlashCopy, FLASH_START, FLASH_TOTAL);
  }
  return smcFlashCopy;
}
static bool smcInFlash(uint32_t addr, uint32_t len) {
  return addr >= FLASH_START && len <= FLASH_TOTAL && addr - FLASH_START <= FLASH_TOTAL - len;
}
void jshFlashErasePage(uint32_t addr) {
  uint32_t startAddr, pageSize;
  smcFileFlashErasePage(addr);
  if (smcFlashCopy && jshFlashGetPage(addr, &startAddr, &pageSize) && smcInFlash(startAddr, pageSize))
    memset(smcFlashCopy + (startAddr - FLASH_START), 0xFF, pageSize);
}
void jshFlashRead(void *buf, uint32_t addr, uint32_t len) {
  if (!smcInFlash(addr, len)) { smcFileFlashRead(buf, addr, len); return; }
  memcpy(buf, smcFlashLoaded() + (addr - FLASH_START), len);
}
void jshFlashWrite(void *buf, uint32_t addr, uint32_t len) {
  uint32_t i;
  smcFileFlashWrite(buf, addr, len);
  /* Flash bits only clear on a write, as the file's own write does. */
  if (smcFlashCopy && smcInFlash(addr, len))
    for (i = 0; i < len; i++) smcFlashCopy[addr - FLASH_START + i] &= ((unsigned char *)buf)[i];
}

`;

export function boardEdits(variables: number): Edit[] {
  if (!Number.isInteger(variables) || variables < 1000) throw new Error(`variables must be a whole number of 1000 or more, not ${variables}`);
  return [
    ...linuxEdits(),
    {
      file: BOARD_PY,
      why: "a fixed pool of variables, as a board has",
      apply: (t) => {
        const m = /^ 'variables' : *0,.*$/m.exec(t);
        if (!m) throw new Error(`${BOARD_PY}: cannot find " 'variables' : 0," (a fixed pool of variables); is this the pinned Espruino commit?`);
        return t.replace(m[0], ` 'variables' : ${variables},`);
      },
    },
    replaceOnce(
      BOARD_PY,
      "32-bit and static: a board's block size, and a binary that runs anywhere",
      "#     'CFLAGS+=-m32', 'LDFLAGS+=-m32', 'DEFINES+=-DUSE_CALLFUNCTION_HACK',",
      "     'CFLAGS+=-m32', 'LDFLAGS+=-m32 -static', 'DEFINES+=-DUSE_CALLFUNCTION_HACK',",
    ),
    replaceOnce(LINUX_MAKE, "no C++ runtime in a static 32-bit link", "\nLIBS += -lstdc++", "\n#LIBS += -lstdc++"),
    // The file-backed originals keep their code under our names; ours take theirs.
    replaceOnce(HARDWARE_C, "the file-backed erase, kept", "void jshFlashErasePage(uint32_t addr) {", "static void smcFileFlashErasePage(uint32_t addr) {"),
    replaceOnce(HARDWARE_C, "the file-backed read, kept", "void jshFlashRead(void *buf, uint32_t addr, uint32_t len) {", "static void smcFileFlashRead(void *buf, uint32_t addr, uint32_t len) {"),
    replaceOnce(HARDWARE_C, "the file-backed write, kept", "void jshFlashWrite(void *buf, uint32_t addr, uint32_t len) {", "static void smcFileFlashWrite(void *buf, uint32_t addr, uint32_t len) {"),
    replaceOnce(HARDWARE_C, "flash from a copy in memory", "// No - we can't memory-map the flash memory under Linux", FLASH_COPY + "// No - we can't memory-map the flash memory under Linux"),
  ];
}

/** Applies `edits` to the checkout at `src`; a file is written only when every edit of it applied. */
export function applyEdits(src: string, edits: Edit[]): string[] {
  const files = [...new Set(edits.map((e) => e.file))];
  const out = files.map((f) => {
    let text = readFileSync(path.join(src, f), "utf8");
    for (const e of edits) if (e.file === f) text = e.apply(text);
    return [f, text] as const;
  });
  for (const [f, text] of out) writeFileSync(path.join(src, f), text);
  return files;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const [kind, a, b] = process.argv.slice(2);
  try {
    const [edits, src] = kind === "linux" && a ? [linuxEdits(), a] : kind === "board" && b ? [boardEdits(Number(a)), b] : [undefined, undefined];
    if (!edits || !src) throw new Error("usage: tsx host/real/espruinoPatches.ts linux SRC | board VARIABLES SRC");
    for (const f of applyEdits(src, edits)) console.log(`patched ${f}`);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
