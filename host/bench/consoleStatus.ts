// consoleStatusAll: `status all` in one call against reading each server in
// a call of its own, on a simulated site of 8 SMCs (bundle in the
// emulation, a real dial through the simulated phone line, the modem's
// connect time included), in virtual time: the modelled wire and modem
// time, which is what a maintainer waits for.
import { readFileSync } from "node:fs";
import { Call } from "../console/call";
import { status } from "../console/operations";
import { Session } from "../console/session";
import { consoleClock, drive, siteStream } from "../console/virtual";
import { bundlePath, loadBoard } from "../dut/virtualDut";
import { Site, SITE_NUMBER, sitePassword, siteUser } from "../sim/site";

export interface ConsoleStatusAll {
  smcs: number;
  /** One call: dial, connect, AUTH and STATUS per SMC, hang up. */
  oneCallMs: number;
  /** A call per server: dial, connect, AUTH, STATUS, hang up, for each. */
  callPerServerMs: number;
  ratio: number;
  /** Every SMC answered in both ways. */
  allDone: boolean;
}

async function oneCall(site: Site, ids: number[]): Promise<{ ms: number; done: number }> {
  const clock = consoleClock(site.clock);
  const start = site.clock.now();
  const call = await drive(site.clock, Call.open(siteStream(site), { clock, dial: { number: SITE_NUMBER }, framed: { firstSeq: 0 } }));
  const s = new Session(call, new Map(ids.map((id) => [id, { user: siteUser, password: async () => sitePassword(id) }])));
  const r = await drive(site.clock, status(s, ids));
  await drive(site.clock, call.hangup());
  return { ms: site.clock.now() - start, done: r.filter((x) => x.outcome === "done").length };
}

export async function consoleStatusAll(size = 8): Promise<ConsoleStatusAll> {
  const board = loadBoard("linux");
  const site = new Site({ size, ring: false, board, firmware: { kind: "bundle", code: readFileSync(bundlePath("linux"), "utf8") }, modems: { units: [0] }, servers: true });
  site.powerOn();
  site.clock.advance(5000);
  const ids = site.ids;
  try {
    const all = await oneCall(site, ids);
    let per = 0;
    let done = 0;
    for (const id of ids) {
      // The site's modem re-initialises after each hang-up before it answers again.
      site.clock.advance(3000);
      const r = await oneCall(site, [id]);
      per += r.ms;
      done += r.done;
    }
    return { smcs: size, oneCallMs: Math.round(all.ms), callPerServerMs: Math.round(per), ratio: Math.round((per / all.ms) * 100) / 100, allDone: all.done === size && done === size };
  } finally {
    for (const u of site.units) u.powerOff();
  }
}
