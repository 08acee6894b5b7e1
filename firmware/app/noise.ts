// Damaged input that no reply can answer (bad link frames, link receive
// overflows, stray lines from the modem) is counted where it arrives; this
// turns growth of those counters into one event-log line a minute at most,
// so a noisy cable shows in the log without wearing the flash out.
import { Link } from "../chain";
import { HayesModem } from "../modem";

/** At most one NOISE record this often. */
export const NOISE_REPORT_MS = 60000;

/** The counters now, in a fixed order: per link damaged and overflows, then the modem's stray lines. */
export function noiseCounts(links: Link[], modem: HayesModem | undefined): number[] {
  const out: number[] = [];
  for (let i = 0; i < links.length; i++) out.push(links[i].bad, links[i].overflows);
  out.push(modem ? modem.garbage : 0);
  return out;
}

/** "link A: 2 damaged frames, 1 overflows; modem: 3 stray lines" for what grew since `before`, or "" if nothing did. */
export function noiseReport(links: Link[], before: number[], now: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < links.length; i++) {
    const bad = now[2 * i] - before[2 * i];
    const over = now[2 * i + 1] - before[2 * i + 1];
    if (bad || over) parts.push("link " + links[i].name + ": " + bad + " damaged frames, " + over + " overflows");
  }
  const stray = now[now.length - 1] - before[before.length - 1];
  if (stray) parts.push("modem: " + stray + " stray lines");
  return parts.join("; ");
}
