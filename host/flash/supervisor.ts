// The Linux board's supervisor: the systemd unit shipped beside this file
// (linux/smc.service), with a unit's own paths. The flash tool writes one
// per Linux unit into dist/ and says how to install it.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { FlashUnit } from "./units";

export const UNIT_TEMPLATE = path.join(import.meta.dirname, "linux", "smc.service");
const DIR = "/var/lib/smc";
const ESPRUINO = "/usr/local/bin/espruino";

/** The unit file for `u`: the template with its working directory and interpreter. */
export function supervisorUnit(u: Pick<FlashUnit, "dir" | "espruino">): string {
  const text = readFileSync(UNIT_TEMPLATE, "utf8");
  for (const p of [u.dir, u.espruino]) if (p !== undefined && !/^\/[A-Za-z0-9._\/-]*$/.test(p)) throw new Error(`not an absolute path of plain characters: ${JSON.stringify(p)}`);
  return text.replace("WorkingDirectory=" + DIR, "WorkingDirectory=" + (u.dir ?? DIR)).replace("exec " + ESPRUINO + " ", "exec " + (u.espruino ?? ESPRUINO) + " ");
}

/** The ExecStart command line of a unit file (what systemd runs with /bin/sh). */
export function execStart(unit: string): string {
  const line = unit.split("\n").find((l) => l.startsWith("ExecStart="));
  if (!line) throw new Error("no ExecStart");
  const m = /^ExecStart=\/bin\/sh -c '(.*)'$/.exec(line);
  if (!m) throw new Error("ExecStart is not /bin/sh -c '…': " + line);
  return m[1];
}
