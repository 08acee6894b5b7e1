// Stock diallers against the simulated site's pseudo-terminal, as a user of
// `npm start` runs them: pppd's `chat` (Debian package ppp) with Debian's
// provider script and with wvdial's default init strings, and minicom's
// hang-up string. The site runs in real time here (as npm start runs it),
// so every wait is for an expected event, with a deadline.
import { spawn } from "node:child_process";
import { closeSync, constants, existsSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "../host/real";
import { loadBoard } from "../host/dut/virtualDut";
import { runInRealTime } from "../host/sim/realtime";
import { Site } from "../host/sim/site";
import { siteSpec } from "../host/sim/siteFile";
import { Bridge, bridgeUart } from "../host/sim/terminalBridge";
import { skipWithout } from "./support/tools";

const skip = skipWithout("DIALLER SUITE", { socat: "socat", chat: "ppp" });
const fixture = (name: string) => new URL(`./fixtures/chat/${name}`, import.meta.url).pathname;

interface Rig {
  site: Site;
  bridge: Bridge;
  link: string;
  stop(): void;
}

/** One SMC with the modem, answering at the first ring, reachable on a pseudo-terminal. */
async function rig(dir: string): Promise<Rig> {
  const file = { smcs: 1, ring: false, modems: { primary: 1 }, answerRings: { primary: 1 }, cadence: "us" as const, dead: [] };
  const spec = siteSpec(file, loadBoard("linux"), "");
  const site = new Site({ ...spec, firmware: { kind: "ts" }, modems: { ...spec.modems!, connectDelayMs: 200 } });
  site.powerOn();
  const stopClock = runInRealTime(site.clock);
  const link = path.join(dir, "modem");
  const bridge = await bridgeUart(site.terminal, { port: 0, ptyPath: link, onHangup: () => site.terminalGone() });
  await waitFor(() => existsSync(link) && site.units[0].hw.console.output.includes("MODEM ready"), 10000, "the pseudo-terminal and MODEM ready");
  return {
    site,
    bridge,
    link,
    stop() {
      bridge.close();
      stopClock();
      for (const u of site.units) u.powerOff();
    },
  };
}

/** Runs chat with `script` on the pseudo-terminal; resolves with its exit code and what it logged. */
function chat(link: string, script: string): Promise<{ code: number | null; log: string }> {
  return new Promise((resolve) => {
    let log = "";
    const p = spawn("sh", ["-c", 'exec chat -s -v -t 20 -f "$1" <"$2" >"$2"', "chat", script, link], { stdio: ["ignore", "ignore", "pipe"] });
    p.stderr.on("data", (d) => (log += d.toString()));
    p.on("exit", (code) => resolve({ code, log }));
  });
}

describe.skipIf(skip)("stock diallers on the simulated site's pseudo-terminal", () => {
  let r: Rig | undefined;
  let dir = "";
  afterEach(() => {
    r?.stop();
    r = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = "";
  });

  const modem = () => r!.site.modems.get(0)!;
  const smcLog = () => r!.site.units[0].hw.console.output;

  it("chat with Debian's provider script (ATZW2, ATDT) connects; chat's exit drops the line", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "smc-dial-"));
    r = await rig(dir);
    const run = await chat(r.link, fixture("provider"));
    expect(run.log).toContain("send (ATZW2^M)");
    expect(run.log).toContain("CONNECT");
    expect(run.code).toBe(0);
    // chat has closed the terminal: the site's modem loses the call.
    await waitFor(() => !modem().online, 5000, () => `the site modem hanging up; SMC log: ${smcLog()}`);
    expect(r.site.consoleModem!.online).toBe(false);
  });

  it("chat with wvdial's init strings (ATQ0 V1 E1 S0=0 &C1 &D2 +FCLASS=0) connects and reaches the SMC", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "smc-dial-"));
    r = await rig(dir);
    const run = await chat(r.link, fixture("wvdial"));
    expect(run.log).toContain("send (ATQ0 V1 E1 S0=0 &C1 &D2 +FCLASS=0^M)");
    expect(run.log).toContain("ID 1");
    expect(run.code).toBe(0);
    await waitFor(() => !modem().online, 5000, "the site modem hanging up");
    expect(smcLog()).toContain("AUTH granted");
  });

  it("minicom's hang-up string (~~+++~~ATH^M, with 'pu mdropdtr No') ends the call while the terminal stays open", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "smc-dial-"));
    r = await rig(dir);
    const fd = openSync(r.link, constants.O_RDWR | constants.O_NOCTTY);
    try {
      writeSync(fd, "ATDT5551234\r");
      await waitFor(() => modem().online && r!.site.consoleModem!.online, 10000, "the call");
      // minicom's ~ is a one-second pause: the escape's guard time either
      // side, which is what is under test, so these waits are timed.
      const at = performance.now();
      await waitFor(() => performance.now() - at > 1200, 5000, "the guard time before +++");
      writeSync(fd, "+++");
      const after = performance.now();
      await waitFor(() => performance.now() - after > 1200, 5000, "the guard time after +++");
      writeSync(fd, "ATH\r");
      await waitFor(() => !modem().online && !r!.site.consoleModem!.online, 5000, "the hang-up");
    } finally {
      closeSync(fd);
    }
  });
});
