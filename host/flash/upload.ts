// Writes a bundle and a configuration into a board's Storage over its
// console, with the espruino CLI package (serial port or tcp://). The
// bundle goes in chunks (Storage.write with offset and total size), never
// as one string a small board could not hold. The CLI would fetch board
// descriptions online; it is pointed at minimal ones made here instead.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { byteLiteral } from "../build/pretokenise";

const run = promisify(execFile);

/** What the flash tool says when a write went unconfirmed and it writes once more (cli.ts). */
export const RETRY = "the board did not confirm the write; writing it once more…";

/** Bytes of bundle per Storage.write line: short enough for any board's input buffer. */
export const CHUNK = 512;

// Board ids Espruino reports (process.env.BOARD) for the boards we support.
const BOARD_IDS = ["LINUX", "PICO_R1_3", "ESPRUINOBOARD", "NUCLEOF401RE", "ESP32"];

/**
 * The statements that store `bundle` (the board's bytes, dist/<board>.bootcde)
 * as .bootcde and `slot` (the unit's configuration in the CRC-checked slot
 * format, config/slots.ts) as smc.a.
 */
export function uploadCode(bundle: string, slot: string): string[] {
  const lines = ["reset();", 'var s=require("Storage");'];
  for (let at = 0; at < bundle.length; at += CHUNK) {
    // Bytes as \xNN escapes: the line is plain ASCII whatever the CLI does with text.
    lines.push(`s.write(".bootcde",${byteLiteral(bundle.substr(at, CHUNK))},${at}${at === 0 ? "," + bundle.length : ""});`);
  }
  // A slot from CONFIG on the board would win over the new one, and an old
  // plain smc.json must not stand in for a damaged slot: remove them.
  lines.push('s.erase("smc.b");s.erase("smc.json");');
  lines.push(`s.write("smc.a",${JSON.stringify(slot)});`);
  lines.push('var c=s.read(".bootcde");console.log("STORED "+c.length+" "+E.CRC32(c)+" "+E.CRC32(s.read("smc.a")));');
  return lines;
}

/** Sends the statements through the espruino CLI package; resolves with everything the board printed. */
export async function sendToBoard(port: string, lines: string[]): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), "smc-flash-"));
  for (const id of BOARD_IDS) writeFileSync(path.join(dir, `${id}.json`), JSON.stringify({ info: { name: id, builtin_modules: ["Storage"] } }));
  const codeFile = path.join(dir, "upload.js");
  writeFileSync(codeFile, lines.join("\n") + "\n");
  try {
    const { stdout } = await run(process.execPath, [path.join(import.meta.dirname, "sendCode.cjs"), port, codeFile, dir], { maxBuffer: 16 << 20, timeout: 300000 });
    const marker = "@@RESPONSE@@\n";
    const i = stdout.indexOf(marker);
    return i < 0 ? "" : stdout.substr(i + marker.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
