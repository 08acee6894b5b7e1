// The soak's own reading of a site (host/soak/soak.ts), on the virtual
// clock: what it expects after a failed AUTH, and a call the site hangs up
// midway. Both were behind a real soak's load flake: an AUTH that failed
// under load ended every permission of the call (as documented), the soak
// went on sending commands to SMCs it still took for authenticated (ERR 6),
// the site hung up the call for want of an AUTH (t.unauthMs), and each
// later burst, the NO CARRIER cleared away, waited its deadline on a modem
// in command mode (ERROR) until the test timed out. And a line's end read
// in two parts: the soak cleared its text between the "\r" and "\n" of
// the CONNECT line and missed the first answer after it ("no answer" to
// probes answered ERR 6, as they should be).
import { describe, expect, it } from "vitest";
import { frame } from "../firmware/protocol";
import { soak } from "../host/soak/soak";
import { virtualSoakSite } from "../host/soak/virtualSoakSite";
import type { SoakSite } from "../host/soak/types";

/** The site as the soak sees it, with `send` rewritten by `edit` (which may act on the site). */
function withSend(site: SoakSite, edit: (bytes: string, send: (b: string) => void) => void): SoakSite {
  return { ...site, send: (bytes) => edit(bytes, (b) => site.send(b)) };
}

/**
 * The terminal's text as a wall-clock site reads it: a line's "\n" arrives
 * one read after its "\r" (a chunk cut there), so a wait that matches
 * before the line ended, and the clear after it, split the line's end.
 */
function crlfInTwoReads(site: SoakSite): SoakSite {
  let cleared = 0;
  let held = -1;
  const all = () => site.text();
  const text = () => {
    const t = all();
    // Each "\r\n" at the end is shown once without its "\n".
    if (t.endsWith("\r\n") && held !== t.length) {
      held = t.length;
      return t.slice(cleared, -1);
    }
    return t.slice(cleared);
  };
  let shown = "";
  const read = () => (shown = text());
  return {
    ...site,
    text: read,
    clear: () => {
      cleared += shown.length;
      shown = "";
    },
    waitText: (cond, ms) => site.waitText(() => cond(read()), ms),
  };
}

describe("the soak's model of a call", () => {
  it("a line's end read in two parts: every answer read, no finding", async () => {
    const site = virtualSoakSite("ts", { size: 4 });
    let split = 0;
    const wrapped = crlfInTwoReads(site);
    const r = await soak(
      {
        ...wrapped,
        clear: () => {
          if (wrapped.text().endsWith("\r")) split++;
          wrapped.clear();
        },
      },
      { calls: 3, seed: 5, commandsPerCall: 8 },
    );
    await site.close();
    // The soak cleared its text between a "\r" and its "\n" (so the case was met).
    expect(split).toBeGreaterThan(0);
    expect(r.findings).toEqual([]);
    expect({ hung: r.hung, callsAnswered: r.callsAnswered }).toEqual({ hung: 0, callsAnswered: 3 });
  });

  it("a failed AUTH ends the permissions granted before it: one finding, the AUTH's, not an ERR 6 for each command after it", async () => {
    const site = virtualSoakSite("ts", { size: 4, t: { lockoutMs: 3000 } });
    // The second good AUTH of the first call goes with a wrong password (re-framed: its CRC holds).
    let goodAuths = 0;
    const edited = withSend(site, (bytes, send) => {
      const m = /^!(\d+) AUTH (\S+) (pw-\d+)\*/.exec(bytes);
      if (m && ++goodAuths === 2) return send(frame(m[1], `AUTH ${m[2]} not-${m[3]}`).replace("\r\n", "\r"));
      send(bytes);
    });
    const r = await soak(edited, { calls: 2, seed: 11, commandsPerCall: 8, settleMs: 8000 });
    await site.close();
    expect(goodAuths).toBeGreaterThanOrEqual(2);
    // ERR 10, not 7: a fault of this seed left part of the ring unasked.
    // What the units logged since the dial follows the finding (the soak's consoles): the head's AUTHFAIL says why.
    expect(r.findings.map((f) => f.replace(/ \[logged since the dial:.*/, "").replace(/ \(head unit.*/, ""))).toEqual(["call 1: AUTH for reachable SMC 2 answered ERR 10 unreachable: link A down"]);
    expect(r.findings[0]).toMatch(/\[logged since the dial: .*AUTHFAIL not found, part of the chain unreachable/);
    expect({ wrongAnswers: r.wrongAnswers, hung: r.hung }).toEqual({ wrongAnswers: 0, hung: 0 });
  });

  it("a call the site hangs up midway: one finding, the rest of the call not sent, the next call made", async () => {
    const site = virtualSoakSite("ts", { size: 4 });
    // The line drops as the first RESET of the first call goes out.
    let dropped = 0;
    const edited = withSend(site, (bytes, send) => {
      send(bytes);
      if (!dropped && /^!\d+ @\d+ RESET\*/.test(bytes)) {
        dropped = site.now();
        site.dropLine();
      }
    });
    const t0 = site.now();
    const r = await soak(edited, { calls: 2, seed: 5, commandsPerCall: 8 });
    await site.close();
    expect(dropped).toBeGreaterThan(0);
    expect(r.findings).toEqual([expect.stringMatching(/^call 1: the site hung up mid-call, \d of \d+ commands not sent: /)]);
    expect({ hung: r.hung, callsAnswered: r.callsAnswered }).toEqual({ hung: 0, callsAnswered: 2 });
    // Not a deadline (3 x t.requestMs) waited for each burst left.
    expect(site.now() - t0).toBeLessThan(2 * 60000 + 3 * 30000);
  });
});
