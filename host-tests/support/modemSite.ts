// Reading and driving a simulated site with modems on the virtual clock:
// its SMCs' event records, waits for the terminal and the consoles, a dial.
// Shared by the modem suites (modem.test.ts, modem-calls.test.ts) and the
// AUTH policy's (auth.test.ts, guessing.test.ts).
import { Site, SiteSpec, SITE_NUMBER } from "../../host/sim/site";
import { echoOf } from "./echo";

/**
 * Seed embodiment 3's site: SMC 1 holds the primary modem (answers at 2),
 * SMC 2 a backup on its phone-out (answers at 4, knows SMC 1 is its primary).
 */
export const BACKUP_SITE: Partial<SiteSpec> = { size: 3, modems: { units: [0, 1] }, answerRings: [2, 4], primaryId: [0, 1] };

/** The texts of unit's event records with `code` (its console, "<seq> <ms> CODE text"). */
export function events(site: Site, unit: number, code: string): string[] {
  return site.units[unit].hw.console.output
    .split("\r\n")
    .filter((l) => l.split(" ")[2] === code)
    .map((l) => l.split(" ").slice(3).join(" "));
}

export function waitText(site: Site, needle: string, ms: number): void {
  if (!site.clock.runUntil(() => site.terminal.text.includes(needle), ms)) throw new Error(`no ${JSON.stringify(needle)} in ${JSON.stringify(site.terminal.text)}`);
}

export function waitLog(site: Site, unit: number, needle: string, ms: number): void {
  const out = () => site.units[unit].hw.console.output;
  if (!site.clock.runUntil(() => out().includes(needle), ms)) throw new Error(`unit ${unit}: no ${JSON.stringify(needle)} in ${JSON.stringify(out())}`);
}

/** Dials the site from the console modem; returns once the whole CONNECT line has arrived. */
export function dial(site: Site, ms = 120000): void {
  site.terminal.clear();
  site.terminal.write(`ATDT${SITE_NUMBER}\r`);
  if (!site.clock.runUntil(() => /CONNECT[^\r]*\r\n/.test(site.terminal.text), ms)) throw new Error(`no CONNECT line in ${JSON.stringify(site.terminal.text)}`);
}

/**
 * Types a line at the site's terminal; returns what came after its echo (a
 * password echoed as *), up to the final line.
 */
export function say(site: Site, line: string, ms = 20000): string {
  site.terminal.clear();
  site.terminal.write(line + "\r");
  const done = () => /(^|\r\n)(OK|ERR \d+[^\r]*)\r\n$/.test(site.terminal.text);
  if (!site.clock.runUntil(done, ms)) throw new Error(`no answer to ${line}: ${JSON.stringify(site.terminal.text)}`);
  const echo = echoOf(line) + "\r\n";
  if (!site.terminal.text.startsWith(echo)) throw new Error(`no echo of ${line}: ${JSON.stringify(site.terminal.text)}`);
  return site.terminal.text.substr(echo.length);
}
