// The console (host/console) run in-process against a simulated site, on
// the site's virtual clock: a site file in a temporary folder, passwords
// in the environment, the site's terminal as the byte stream.
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main, CliIo } from "../../host/console/cli";
import type { ByteStream } from "../../host/console/stream";
import { consoleClock, drive, siteStream } from "../../host/console/virtual";
import { loadBoard } from "../../host/dut/virtualDut";
import { Site, SiteSpec, SITE_NUMBER, sitePassword } from "../../host/sim/site";

export const board = loadBoard("linux");

/** A site with a modem on SMC 1 and servers, powered on, links settled; `dead` units (0-based) powered off. */
export function consoleSite(spec: Partial<SiteSpec> & { dead?: number[] } = {}): Site {
  const site = new Site({ size: 3, ring: false, board, firmware: { kind: "ts" }, modems: { units: [0] }, servers: true, ...spec });
  site.powerOn();
  for (const d of spec.dead ?? []) site.units[d].powerOff();
  // Heartbeats up, a dead neighbour found down (t.linkDownMs 3.5 s), the modem initialised.
  site.clock.advance(5000);
  return site;
}

export interface SiteFileOptions {
  ids: number[];
  /** Wrong passwords for these IDs. */
  wrong?: number[];
  dial?: string | null;
}

/** Writes a site file naming each SMC's password variable; returns its path and the environment holding them. */
export function siteFile(o: SiteFileOptions): { file: string; env: Record<string, string>; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "smc-console-"));
  const file = path.join(dir, "sim.json");
  const env: Record<string, string> = {};
  const smcs = o.ids.map((id) => {
    env[`SMC${id}_PASSWORD`] = o.wrong?.includes(id) ? `wrong-${id}` : sitePassword(id);
    return { id, user: "admin", password: { env: `SMC${id}_PASSWORD` } };
  });
  const doc: Record<string, unknown> = { name: "sim", where: "tcp://127.0.0.1:7001", smcs };
  if (o.dial !== null) doc.dial = o.dial ?? SITE_NUMBER;
  writeFileSync(file, JSON.stringify(doc, null, 2));
  chmodSync(file, 0o600);
  return { file, env, dir };
}

export interface Run {
  code: number;
  out: string;
  err: string;
  /** Everything the console sent, for checking that no password went where it should not. */
  sent: string;
}

/**
 * Runs `smc-console <argv>` against `site`, in virtual time. `tap` sees
 * every line the console writes (to cut the line at a chosen moment).
 */
export async function runConsole(site: Site, argv: string[], env: Record<string, string>, o: { tap?: (bytes: string) => void; io?: Partial<CliIo> } = {}): Promise<Run> {
  let out = "";
  let err = "";
  let sent = "";
  const open = async (): Promise<ByteStream> => {
    const s = siteStream(site);
    return {
      ...s,
      write: (b: string) => {
        sent += b;
        o.tap?.(b);
        s.write(b);
      },
    };
  };
  const io: CliIo = {
    env,
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    open,
    clock: consoleClock(site.clock),
    // Seqs from 1, so the bytes sent are the same on every run.
    // No TIME after AUTH (wallTime): these calls' exact requests and records
    // are the ones asserted; host-tests/time.test.ts runs the console with it.
    callOptions: { framed: { firstSeq: 0 }, wallTime: undefined },
    ...o.io,
  };
  const code = await drive(site.clock, main(argv, io));
  return { code, out, err, sent };
}

/** Lines of SMC `unit`'s event log (its board console) with code `code`. */
export function events(site: Site, unit: number, code: string): string[] {
  return site.units[unit].hw.console.output
    .split("\r\n")
    .filter((l) => l.split(" ")[2] === code)
    .map((l) => l.split(" ").slice(3).join(" "));
}
