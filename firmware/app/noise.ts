// Damaged input that no reply can answer (bad link frames, link receive
// overflows, stray lines from the modem) is counted where it arrives; this
// turns growth of those counters into one event-log line a minute at most,
// so a noisy cable shows in the log without wearing the flash out.
import { Link } from "../chain";
import { HayesModem } from "../modem";

/** At most one NOISE record this often. */
export const NOISE_REPORT_MS = 60000;

/**
 * "link A: 2 damaged frames, 1 overflows; modem: 3 stray lines" for what grew
 * since the counters in `counted` (per link damaged and overflows, then the
 * modem's stray lines), or "" if nothing did; `counted` then holds the
 * counters now (empty at first: counters start at 0).
 */
export function noiseGrowth(links: Link[], modem: HayesModem | undefined, counted: number[]): string {
  const parts: string[] = [];
  const n = links.length;
  for (let i = 0; i < n; i++) {
    const k = links[i];
    const bad = k.bad - (counted[2 * i] | 0);
    const over = k.overflows - (counted[2 * i + 1] | 0);
    if (bad || over) parts.push("link " + k.name + ": " + bad + " damaged frames, " + over + " overflows");
    counted[2 * i] = k.bad;
    counted[2 * i + 1] = k.overflows;
  }
  const garbage = modem ? modem.garbage : 0;
  const stray = garbage - (counted[2 * n] | 0);
  if (stray) parts.push("modem: " + stray + " stray lines");
  counted[2 * n] = garbage;
  return parts.join("; ");
}
