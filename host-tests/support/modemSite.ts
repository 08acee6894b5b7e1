// Reading and driving a simulated site with modems on the virtual clock:
// its SMCs' event records, waits for the terminal and the consoles, a dial.
// Shared by the modem suites (modem.test.ts, modem-calls.test.ts).
import { Site, SITE_NUMBER } from "../../host/sim/site";

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
