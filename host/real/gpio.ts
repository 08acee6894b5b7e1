// The Linux build's GPIO: pin DN is gpio/gpioN/{direction,value} under the
// interpreter's working directory. Files that do not exist are silently not
// written, so every pin a test uses is created before boot.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export function makeGpio(dir: string, pins: number[], inputs: Record<number, 0 | 1> = {}): void {
  mkdirSync(path.join(dir, "gpio"), { recursive: true });
  writeFileSync(path.join(dir, "gpio/export"), "");
  for (const n of pins) {
    const d = path.join(dir, "gpio", `gpio${n}`);
    mkdirSync(d, { recursive: true });
    writeFileSync(path.join(d, "direction"), "in");
    writeFileSync(path.join(d, "value"), String(inputs[n] ?? 0));
  }
}

export function writePin(dir: string, n: number, level: 0 | 1): void {
  writeFileSync(path.join(dir, "gpio", `gpio${n}`, "value"), String(level));
}

export function readPin(dir: string, n: number): 0 | 1 {
  try {
    return readFileSync(path.join(dir, "gpio", `gpio${n}`, "value"), "utf8").trim().startsWith("1") ? 1 : 0;
  } catch {
    return 0;
  }
}
