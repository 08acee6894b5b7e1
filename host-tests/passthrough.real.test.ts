// Pass-through wiring on three real interpreter processes: each one's UART2
// and pass-through pins cabled to the next one's modem port and pins. The
// STM32 boards' bundles, each on its board's pool, every board in every
// place in turn (support/boardSites.ts).
import { afterEach, describe, expect, it } from "vitest";
import { finalSeen } from "../host/dut/dut";
import { realDut } from "../host/dut/realDut";
import { realSite } from "../host/dut/realSite";
import type { SiteDut } from "../host/dut/siteDut";
import { realSuiteGate } from "../host/real";
import { ask, authTo } from "./scenarios/chain";
import { BINARIES_TITLE, boardBinariesGate, lineupTitle, passLineup } from "./support/boardSites";

const run = boardBinariesGate(realSuiteGate().run);
const LINEUPS = [passLineup(3, 0), passLineup(3, 1), passLineup(3, 2)];
const FAST = { resetMs: 150, requestMs: 4000, idleMs: 8000, modemCmdMs: 1000 };

describe.skipIf(!run)(`pass-through wiring on the real interpreter (${BINARIES_TITLE})`, () => {
  let site: SiteDut | undefined;
  afterEach(async () => {
    await site?.close();
    site = undefined;
  });

  it("the next SMC hangs up (ATH) on the ring, or after ATA before CONNECT: the command gets ERR 10 at once, the next AUTH rings again", async () => {
    // One SMC whose pass-through port the test plays the next SMC's driver on.
    const dut = await realDut("linux", { id: 1, user: "admin", password: "pw-1", salt: "5a170001", modem: "direct", wiring: "passthrough", passNext: true, t: FAST });
    try {
      await dut.waitConsole("BOOT SMC", 10000);
      dut.setInput("ptDtr", true);
      for (const answer of ["ATH\r", "ATA\rATH\r"]) {
        dut.clear("modem");
        dut.clear("linkA");
        dut.send("modem", "AUTH admin nobody\r");
        await dut.waitFor("linkA", "RING", 5000);
        dut.send("linkA", answer);
        // Well before FAST.requestMs or a second ring: the hang-up itself answers.
        await dut.waitFor("modem", finalSeen, 2500);
        expect(dut.text("modem"), answer).toBe("AUTH admin ******\r\nERR 10 unreachable\r\n");
        expect(dut.text("linkA"), answer).not.toContain("CONNECT");
      }
    } finally {
      await dut.close();
    }
  });

  it("chain of 3 processes: the call goes on through imitated modems; each SMC answered by ID, or as the last AUTH says; MAP; BYE tears it down" + lineupTitle(LINEUPS[0]), async () => {
    site = await realSite({ size: 3, ring: false, wiring: "passthrough", t: FAST }, { boards: LINEUPS[0] });
    for (const u of [1, 2]) await site.waitConsole(u, "MODEM ready", 10000);
    await authTo(site, 3);
    await site.waitConsole(1, "CALL connected at 9600", 5000);
    await site.waitConsole(2, "CALL connected at 9600", 5000);
    // Every STM32 board file has a fan-fail input and an inlet sensor (realDut's analogRead gives 0.075 of 330: 24.8 C).
    expect(await ask(site, "STATUS")).toMatch(new RegExp(`^ID 3\r\nFW \\S+ ${LINEUPS[0][2]}\r\nPOWER OFF\r\nUPTIME \\d+\r\nTEMP \\S+\r\nCONFIG stored\r\nBOOTS 1 LAST first boot\r\nIN fanFail 0 ok\r\nIN inletTemp 24\\.8 C ok\r\nMODEM online 9600\r\nOK\r\n$`));
    await authTo(site, 2);
    expect(await ask(site, "@2 POWER STATE")).toBe("POWER OFF\r\nOK\r\n");
    // Without an ID: the SMC most recently authenticated, the nearer one now.
    expect(await ask(site, "STATUS")).toMatch(/^ID 2\r\n/);
    expect(await ask(site, "MAP")).toBe("MAP 1 self 0 P:through\r\nMAP 2 P 1 P:through\r\nMAP 3 P 2 P:none\r\nOK\r\n");
    expect(await ask(site, "@3 RESET now")).toBe("ERR 2 bad arguments\r\n");
    site.clear();
    site.send("@3 RESET\r");
    const rise = await site.waitOutput(2, "reset", true, 5000);
    const fall = await site.waitOutput(2, "reset", false, 5000);
    expect(Math.abs(fall - rise - 150)).toBeLessThanOrEqual(site.slackMs);
    await site.waitFor("OK\r\n", 5000);
    expect(site.text()).toBe("@3 RESET\r\nOK\r\n");
    expect(await ask(site, "AUTH admin nobody")).toBe("ERR 7 authentication failed\r\n");
    site.clear();
    site.send("BYE\r");
    // BYE is the console's SMC's own: it hangs up, and carrier drops down the chain.
    await site.waitFor("BYE\r\nOK\r\n", 5000);
    await site.waitConsole(1, "CALL ended: carrier lost", 5000);
    await site.waitConsole(2, "CALL ended: carrier lost", 5000);
  });

  it("the wall clock set at the first SMC reaches the SMCs the call runs through, in their CONNECT lines; their records carry it" + lineupTitle(LINEUPS[2]), async () => {
    site = await realSite({ size: 3, ring: false, wiring: "passthrough", t: FAST }, { boards: LINEUPS[2] });
    for (const u of [1, 2]) await site.waitConsole(u, "MODEM ready", 10000);
    await authTo(site, 1);
    expect(await ask(site, "TIME 1796133600")).toMatch(/^TIME 17961336\d\d 2026-12-01T14:00:\d\dZ\r\nOK\r\n$/);
    await authTo(site, 3);
    for (const u of [1, 2]) await site.waitConsole(u, "TIME from the SMC before (pass-through), was unknown", 5000);
    expect(await ask(site, "@3 LOG")).toMatch(/\r\nLOG \d+ 2026-12-01T14:0\d:\d\dZ TIME from the SMC before \(pass-through\), was unknown\r\n/);
  });

  it("an SMC further on whose flag idles out clears only its own, the call going on; the first SMC's idle time-out ends the call for all" + lineupTitle(LINEUPS[1]), async () => {
    site = await realSite({ size: 3, ring: false, wiring: "passthrough", t: FAST }, { boards: LINEUPS[1] });
    for (const u of [1, 2]) await site.waitConsole(u, "MODEM ready", 10000);
    await authTo(site, 3);
    await authTo(site, 1);
    // The caller works on SMC 1 only (a command a second) until SMC 3's own time-out is seen.
    const cleared = "CALL flags cleared: idle here, the call goes on";
    const start = site.now();
    while (!site.console(2).includes(cleared)) {
      expect(site.now() - start, "SMC 3's idle time-out").toBeLessThan(FAST.idleMs + 10000);
      expect(await ask(site, "@1 POWER STATE")).toBe("POWER OFF\r\nOK\r\n");
      await site.pause(1000);
    }
    for (const u of [0, 1, 2]) expect(site.console(u), `unit ${u}`).not.toContain("CALL ended");
    expect(await ask(site, "@3 STATUS")).toBe("ERR 6 not authenticated\r\n");
    expect(await ask(site, "@1 POWER STATE")).toBe("POWER OFF\r\nOK\r\n");
    // Silence: the first SMC ends the call, and carrier drops down the chain.
    await site.waitConsole(0, "CALL flags cleared: idle\n", FAST.idleMs + 10000);
    await site.waitConsole(1, "CALL ended: carrier lost", 5000);
    await site.waitConsole(2, "CALL ended: carrier lost", 5000);
    expect(site.console(2)).not.toContain("CALL ended: idle");
  });

  it("SMCs woken by a wrong AUTH never hang up, for want of an AUTH, a call authenticated at the first" + lineupTitle(LINEUPS[2]), async () => {
    const unauthMs = 3000;
    site = await realSite({ size: 3, ring: false, wiring: "passthrough", t: { ...FAST, unauthMs } }, { boards: LINEUPS[2] });
    for (const u of [1, 2]) await site.waitConsole(u, "MODEM ready", 10000);
    expect(await ask(site, "AUTH admin nobody")).toBe("ERR 7 authentication failed\r\n");
    await authTo(site, 1);
    // Three of the time-outs SMC 3 would have, at a command a second on SMC 1.
    const start = site.now();
    while (site.now() - start < 3 * unauthMs) {
      expect(await ask(site, "@1 POWER STATE")).toBe("POWER OFF\r\nOK\r\n");
      await site.pause(1000);
    }
    for (const u of [1, 2]) expect(site.console(u), `unit ${u}`).not.toContain("CALL ended");
  });
});
