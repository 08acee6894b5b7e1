// The small site file npm start reads (sites/*.json): how many SMCs, chain
// or ring, which hold the primary and backup modems, the ring thresholds,
// the country's ring cadence, and which SMCs are dead.
import { readFileSync } from "node:fs";
import type { BoardDesc } from "../../firmware/hal/board";
import { CADENCES } from "./modem";
import type { SiteSpec } from "./site";

export interface SiteFile {
  smcs: number;
  ring: boolean;
  /** "links" (chain or ring over UART2/UART3) or "passthrough" (embodiment 5); links by default. */
  wiring?: "links" | "passthrough";
  modems: { primary: number; backup?: number };
  answerRings: { primary: number; backup?: number };
  cadence: keyof typeof CADENCES;
  dead: number[];
}

export function readSiteFile(file: string): SiteFile {
  const f = JSON.parse(readFileSync(file, "utf8")) as SiteFile;
  const problems: string[] = [];
  if (!(Number.isInteger(f.smcs) && f.smcs >= 1 && f.smcs <= 64)) problems.push("smcs must be 1..64");
  const unit = (n: unknown) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= f.smcs;
  if (!unit(f.modems?.primary)) problems.push("modems.primary must name an SMC (1..smcs)");
  if (f.modems?.backup !== undefined && (!unit(f.modems.backup) || f.modems.backup === f.modems.primary)) problems.push("modems.backup must name another SMC");
  if (f.wiring !== undefined && f.wiring !== "links" && f.wiring !== "passthrough") problems.push('wiring must be "links" or "passthrough"');
  if (f.wiring === "passthrough" && (f.ring || f.modems?.backup !== undefined || f.modems?.primary !== 1)) problems.push("pass-through wiring is a chain with the modem on SMC 1 and no backup");
  if (!(f.cadence in CADENCES)) problems.push(`cadence must be one of ${Object.keys(CADENCES).join(", ")}`);
  if (!Array.isArray(f.dead) || !f.dead.every(unit)) problems.push("dead must list SMCs");
  const n = f.answerRings?.primary;
  const m = f.answerRings?.backup;
  if (!(Number.isInteger(n) && n >= 1)) problems.push("answerRings.primary must be 1 or more");
  if (f.modems?.backup !== undefined && !(Number.isInteger(m) && (m as number) > n)) problems.push("answerRings.backup must be more than answerRings.primary");
  if (problems.length) throw new Error(`${file}: ${problems.join("; ")}`);
  return f;
}

/** SMC k (1-based) of the file is unit k-1, with ID k. */
export function siteSpec(f: SiteFile, board: BoardDesc, code: string): SiteSpec {
  const units = [f.modems.primary - 1];
  if (f.modems.backup) units.push(f.modems.backup - 1);
  const answerRings: number[] = [];
  const primaryId: number[] = [];
  answerRings[f.modems.primary - 1] = f.answerRings.primary;
  if (f.modems.backup) {
    answerRings[f.modems.backup - 1] = f.answerRings.backup!;
    primaryId[f.modems.backup - 1] = f.modems.primary;
  }
  return {
    size: f.smcs,
    ring: f.ring,
    board,
    firmware: { kind: "bundle", code },
    modems: { units, cadence: CADENCES[f.cadence] },
    answerRings,
    primaryId,
    servers: true,
    wiring: f.wiring,
  };
}
