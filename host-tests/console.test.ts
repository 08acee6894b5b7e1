// smc-console against a simulated site in-process, on the virtual clock:
// a real dial through the simulated phone line (console-side modem, PSTN,
// the site modem on SMC 1), one call for the whole site, and the exact
// tables, JSON documents, exit codes and bytes sent.
import { afterEach, describe, expect, it } from "vitest";
import { EXIT } from "../host/console/errors";
import type { Site } from "../host/sim/site";
import { rng } from "../host/sim/wire";
import { PassThrough, Writable } from "node:stream";
import { readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { shell } from "../host/console/shell";
import { bundlePath } from "../host/dut/virtualDut";
import { consoleSite, events, runConsole, siteFile } from "./support/consoleSite";

let site: Site | undefined;
afterEach(() => {
  for (const u of site?.units ?? []) u.powerOff();
  site = undefined;
});

const DIAL = "AT\rATZ\rATE0V1Q0&C1&D2\rATDT5551234\r\r";
/**
 * The framed requests in what the console sent, without seq and CRC; an
 * AUTH HMAC's proof (64 hex, a new one per challenge) as "<proof>".
 */
const requests = (sent: string) => [...sent.matchAll(/!\d+ ([^*]*)\*[0-9A-F]{4}\r/g)].map((m) => m[1].replace(/^(AUTH HMAC \S+) [0-9a-f]{64}$/, "$1 <proof>"));

const CHAIN_STATUS = [
  "ID  POWER  UPTIME  TEMP  INPUTS  LINKS             BOOTS  RESULT",
  " 1  OFF       13s  24.5  ok (2)  A:up(2) B:silent      1  ok",
  " 2  OFF       13s  24.5  ok (2)  A:up(3) B:up(1)       1  ok",
  " 3  OFF       14s  24.5  ok (2)  A:silent B:up(2)      1  ok",
  "",
].join("\n");

describe("smc-console on a simulated chain of 3, dialled", () => {
  it("status all: one call, one AUTH and one STATUS per SMC, each addressed by @id, then BYE; the call is over on every SMC", async () => {
    site = consoleSite();
    const s = siteFile({ ids: [1, 2, 3] });
    const r = await runConsole(site, ["--site", s.file, "status", "all"], s.env);
    expect(r.code).toBe(EXIT.done);
    expect(r.out).toBe(CHAIN_STATUS);
    expect(r.err).toBe("");
    expect(r.sent.startsWith(DIAL)).toBe(true);
    expect(requests(r.sent)).toEqual(["CHAL", "AUTH HMAC admin <proof>", "@1 STATUS", "CHAL", "AUTH HMAC admin <proof>", "@2 STATUS", "CHAL", "AUTH HMAC admin <proof>", "@3 STATUS", "BYE"]);
    expect(r.sent).toMatch(/^AT\rATZ\rATE0V1Q0&C1&D2\rATDT5551234\r\r!1 CHAL\*[0-9A-F]{4}\r!2 AUTH HMAC admin [0-9a-f]{64}\*[0-9A-F]{4}\r!3 @1 STATUS\*[0-9A-F]{4}\r/);
    site.clock.advance(1000);
    expect(events(site, 0, "CALL")).toEqual(["connected at 9600", "flags cleared: bye", "ended: bye"]);
    expect(events(site, 2, "LOGOUT")).toEqual(["call ended"]);
  });

  it("status --json: one document, field by field, no password anywhere in it", async () => {
    site = consoleSite();
    const s = siteFile({ ids: [1, 2, 3] });
    const r = await runConsole(site, ["--site", s.file, "status", "--json", "1", "3"], s.env);
    expect(r.code).toBe(0);
    const inputs = [
      { name: "fanFail", value: "0", state: "ok" },
      { name: "intrusion", value: "0", state: "ok" },
    ];
    const smc = (id: number, links: Record<string, string>, modem: string | null) => ({
      id,
      outcome: "done",
      code: null,
      message: null,
      fw: "0.0.0-ts",
      board: "linux",
      power: "OFF",
      uptimeS: 13,
      tempC: 24.5,
      config: "stored",
      boots: 1,
      lastEnd: "first boot",
      inputs,
      links,
      modem,
    });
    expect(JSON.parse(r.out)).toEqual({
      command: "status 1 3",
      exit: 0,
      outcome: "done",
      call: { where: "tcp://127.0.0.1:7001", dialled: "5551234", connect: "CONNECT 9600", hangup: ["BYE", "closed"], lost: null },
      smcs: [smc(1, { A: "up(2)", B: "silent" }, "online 9600"), smc(3, { A: "silent", B: "up(2)" }, null)],
    });
    expect(r.out).not.toMatch(/pw-/);
    expect(r.err).toBe("");
  });

  it("map: the chain drawn, every SMC authenticated in this call", async () => {
    site = consoleSite();
    const s = siteFile({ ids: [1, 2, 3] });
    const r = await runConsole(site, ["--site", s.file, "map"], s.env);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        "chain seen from SMC 1 (the one holding the console); * = authenticated in this call, x = link down",
        "  [1*]--[2*]--[3*]",
        "",
        "ID  SIDE  HOPS  LINK A  LINK B  THIS CALL",
        " 1  self     0  up      silent  authenticated",
        " 2  A        1  up      up      authenticated",
        " 3  A        2  silent  up      authenticated",
        "",
      ].join("\n"),
    );
    expect(requests(r.sent)).toEqual(["CHAL", "AUTH HMAC admin <proof>", "CHAL", "AUTH HMAC admin <proof>", "CHAL", "AUTH HMAC admin <proof>", "MAP", "BYE"]);
  });

  it("reset 3 --yes: one pulse on SMC 3's server, the power after it shown", async () => {
    site = consoleSite();
    const s = siteFile({ ids: [1, 2, 3] });
    const r = await runConsole(site, ["--site", s.file, "reset", "3", "--yes"], s.env);
    expect(r.code).toBe(0);
    expect(r.out).toBe("ID  RESET  POWER AFTER\n 3  done   OFF\n");
    expect(requests(r.sent)).toEqual(["CHAL", "AUTH HMAC admin <proof>", "@3 RESET", "@3 POWER STATE", "BYE"]);
    expect(events(site, 2, "RESET")).toEqual(["commanded"]);
  });

  it("reset without --yes and without a terminal to ask on is a usage error, and no call is made", async () => {
    site = consoleSite();
    const s = siteFile({ ids: [1, 2, 3] });
    const r = await runConsole(site, ["--site", s.file, "reset", "3"], s.env);
    expect(r).toEqual({ code: EXIT.usage, out: "", err: "smc-console: reset asks for confirmation, and there is no terminal: add --yes\n", sent: "" });
  });

  it("reset asks, and a no resets nothing", async () => {
    site = consoleSite();
    const s = siteFile({ ids: [1, 2, 3] });
    const asked: string[] = [];
    const r = await runConsole(site, ["--site", s.file, "reset", "2", "3"], s.env, { io: { confirm: async (q) => (asked.push(q), false) } });
    expect(asked).toEqual(["reset the servers behind SMC 2, 3?"]);
    expect(r).toEqual({ code: 0, out: "", err: "nothing reset\n", sent: "" });
  });

  it("power on all, then power state all", async () => {
    site = consoleSite();
    const s = siteFile({ ids: [1, 2, 3] });
    const on = await runConsole(site, ["--site", s.file, "power", "on", "all"], s.env);
    expect(on.code).toBe(0);
    expect(on.out).toBe("ID  POWER  RESULT\n 1  ON     ok\n 2  ON     ok\n 3  ON     ok\n");
    expect(site.servers.map((x) => x.on)).toEqual([true, true, true]);
    const state = await runConsole(site, ["--site", s.file, "power", "state", "2"], s.env);
    expect(state.out).toBe("ID  POWER  RESULT\n 2  ON     ok\n");
    expect(requests(state.sent)).toEqual(["CHAL", "AUTH HMAC admin <proof>", "@2 POWER STATE", "BYE"]);
  });

  it("log --since N reads every record numbered N and after, page by page", async () => {
    site = consoleSite();
    const s = siteFile({ ids: [1, 2, 3] });
    await runConsole(site, ["--site", s.file, "status", "1"], s.env);
    const r = await runConsole(site, ["--site", s.file, "log", "1", "--since", "7"], s.env);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split("\n");
    expect(lines.map((l) => l.trim().split(/\s+/)[0]).slice(0, -1)).toEqual(["7", "8", "9", "10", "11", "12", "13", "14", "15", "16"]);
    expect(lines[0]).toBe("    7      13.181s  CALL     connected at 9600");
    expect(lines[lines.length - 1]).toBe("SMC 1: 10 records, 16 in its log; next: --since 17");
  });

  it("log --since 0 of a log longer than a page reads every page in one call", async () => {
    site = consoleSite();
    const s = siteFile({ ids: [1] });
    for (let i = 0; i < 4; i++) await runConsole(site, ["--site", s.file, "status", "1"], s.env);
    let err = "";
    await runConsole(site, ["--site", s.file, "log", "1", "--since", "0"], s.env, { io: { stderr: { write: (t) => (err += t), isTTY: true } } });
    expect(err).toMatch(/\r\x1b\[Klog of SMC 1: 20 records of \d+…/);
    const r = await runConsole(site, ["--site", s.file, "log", "1", "--since", "0", "--json"], s.env);
    const doc = JSON.parse(r.out);
    const seqs = doc.smcs[0].records.map((x: { seq: number }) => x.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(seqs.length).toBeGreaterThan(20);
    expect(requests(r.sent).filter((x) => x.startsWith("@1 LOG"))).toEqual(["@1 LOG 1 20", "@1 LOG 21 20", `@1 LOG 41 20`].slice(0, Math.ceil((seqs.length + 1) / 20)));
  });

  it("diag and config show", async () => {
    site = consoleSite();
    const s = siteFile({ ids: [1, 2, 3] });
    const d = await runConsole(site, ["--site", s.file, "diag", "2"], s.env);
    expect(d.code).toBe(0);
    expect(d.out).toBe(
      [
        "DIAG STORAGE ok write, read back, erase",
        "DIAG LINK A ok up, 0 bad frames, 0 overflows, 0 lost",
        "DIAG LINK B ok up, 0 bad frames, 0 overflows, 0 lost",
        "DIAG WATCHDOG none on this build; the supervisor restarts an ended SMC",
        "DIAG MEMORY ok not measured in the simulation",
        "",
      ].join("\n"),
    );
    const c = await runConsole(site, ["--site", s.file, "config", "show", "3"], s.env);
    expect(c.code).toBe(0);
    expect(c.out.split("\n").slice(0, 3)).toEqual(["CONFIG id 3", "CONFIG user admin admin key set", "CONFIG answerRings 2"]);
    expect(c.out).not.toMatch(/pw-3/);
  });
});

describe("smc-console when things go wrong", () => {
  it("a ring of 5 with SMC 3 dead: every other SMC read in the one call, SMC 3 unreachable (exit 6), the broken ring drawn", async () => {
    site = consoleSite({ size: 5, ring: true, dead: [2] });
    const s = siteFile({ ids: [1, 2, 3, 4, 5] });
    const r = await runConsole(site, ["--site", s.file, "status", "all"], s.env);
    expect(r.code).toBe(EXIT.unreachable);
    expect(r.out).toBe(
      [
        "ID  POWER  UPTIME  TEMP  INPUTS  LINKS            BOOTS  RESULT",
        " 1  OFF       13s  24.5  ok (2)  A:up(2) B:up(5)      1  ok",
        " 2  OFF       13s  24.5  ok (2)  A:down B:up(1)       1  ok",
        " 3  -           -     -  -       -                    -  unreachable (ERR 10)",
        // 1 s later: SMC 3's failed AUTH waited t.failDelayMs.
        " 4  OFF       15s  24.5  ok (2)  A:up(5) B:down       1  ok",
        " 5  OFF       16s  24.5  ok (2)  A:up(1) B:up(4)      1  ok",
        "",
      ].join("\n"),
    );
    expect(r.err).toBe("SMC 3: unreachable: ERR 10 unreachable: not found, and part of the site could not be searched (a dead SMC or cut cable)\n");
    const m = await runConsole(site, ["--site", s.file, "map"], s.env);
    expect(m.code).toBe(EXIT.unreachable);
    expect(m.out.split("\n").slice(0, 2)).toEqual([
      "broken ring seen from SMC 1 (the one holding the console); * = authenticated in this call, x = link down",
      "  x--[4*]--[5*]--[1*]--[2*]--x",
    ]);
    expect(m.out).toContain("not reached: SMC 3 (dead, or cut off by a dead link)\n");
  });

  it("carrier lost in the middle of status all: what was and was not done, per SMC, and exit 7", async () => {
    site = consoleSite();
    const s = siteFile({ ids: [1, 2, 3] });
    const st = site;
    const r = await runConsole(site, ["--site", s.file, "status", "all"], s.env, {
      tap: (b) => void (b.includes("@2 STATUS") && st.clock.setTimeout(() => st.consoleModem!.lineLost(), 30)),
    });
    expect(r.code).toBe(EXIT.lineLost);
    expect(r.out).toBe(
      [
        "ID  POWER  UPTIME  TEMP  INPUTS  LINKS             BOOTS  RESULT",
        " 1  OFF       13s  24.5  ok (2)  A:up(2) B:silent      1  ok",
        " 2  -           -     -  -       -                     -  line lost",
        " 3  -           -     -  -       -                     -  not done",
        "",
      ].join("\n"),
    );
    expect(r.err).toBe(
      [
        "SMC 2: line lost: carrier lost (NO CARRIER)",
        "SMC 3: not done: the call dropped before this SMC's turn (carrier lost (NO CARRIER))",
        "the call dropped: carrier lost (NO CARRIER)",
        "",
      ].join("\n"),
    );
    expect(requests(r.sent)).toEqual(["CHAL", "AUTH HMAC admin <proof>", "@1 STATUS", "CHAL", "AUTH HMAC admin <proof>", "@2 STATUS"]);
    // The site ended the call itself: no flag left anywhere.
    site.clock.advance(2000);
    expect(events(site, 0, "CALL").slice(-2)).toEqual(["ended: carrier lost", "flags cleared: carrier lost"]);
  });

  it("carrier lost during power off all: the one on its way may or may not have run, the rest were not touched (JSON)", async () => {
    site = consoleSite();
    const s = siteFile({ ids: [1, 2, 3] });
    await runConsole(site, ["--site", s.file, "power", "on", "all"], s.env);
    const st = site;
    const r = await runConsole(site, ["--site", s.file, "power", "off", "all", "--json"], s.env, {
      tap: (b) => void (b.includes("@2 POWER OFF") && st.clock.setTimeout(() => st.consoleModem!.lineLost(), 300)),
    });
    expect(r.code).toBe(EXIT.lineLost);
    expect(JSON.parse(r.out)).toEqual({
      command: "power off all",
      exit: 7,
      outcome: "line-lost",
      call: { where: "tcp://127.0.0.1:7001", dialled: "5551234", connect: "CONNECT 9600", hangup: ["closed"], lost: "carrier lost (NO CARRIER)" },
      smcs: [
        { id: 1, outcome: "done", code: null, message: null, power: "OFF" },
        { id: 2, outcome: "line-lost", code: null, message: "carrier lost (NO CARRIER); the command was on its way and may or may not have run: check with status" },
        { id: 3, outcome: "not-attempted", code: null, message: "the call dropped before this SMC's turn (carrier lost (NO CARRIER))" },
      ],
    });
    expect(site.servers[2].on).toBe(true);
  });

  it("a wrong password: that SMC is bad credentials (ERR 7, exit 4), the others are read in the same call", async () => {
    site = consoleSite();
    const s = siteFile({ ids: [1, 2, 3], wrong: [2] });
    const r = await runConsole(site, ["--site", s.file, "status", "all"], s.env);
    expect(r.code).toBe(EXIT.badCredentials);
    expect(r.out).toBe(
      [
        "ID  POWER  UPTIME  TEMP  INPUTS  LINKS             BOOTS  RESULT",
        " 1  OFF       13s  24.5  ok (2)  A:up(2) B:silent      1  ok",
        " 2  -           -     -  -       -                     -  bad credentials (ERR 7)",
        // 1 s later: the failed AUTH waited t.failDelayMs.
        " 3  OFF       15s  24.5  ok (2)  A:silent B:up(2)      1  ok",
        "",
      ].join("\n"),
    );
    expect(r.err).toBe("SMC 2: bad credentials: ERR 7 authentication failed: no SMC holds the credentials of admin for SMC 2\n");
    expect(r.err + r.out).not.toMatch(/wrong-2/);
  });

  it("never makes the third failed AUTH itself; the site's lockout (ERR 8) is reported as locked out (exit 5) and lifts after t.lockoutMs", async () => {
    site = consoleSite();
    const bad = siteFile({ ids: [2, 3, 1], wrong: [2, 3, 1] });
    const first = await runConsole(site, ["--site", bad.file, "status", "all"], bad.env);
    expect(first.code).toBe(EXIT.badCredentials);
    expect(requests(first.sent)).toEqual(["CHAL", "AUTH HMAC admin <proof>", "CHAL", "AUTH HMAC admin <proof>", "BYE"]);
    expect(first.err).toBe(
      [
        "SMC 2: bad credentials: ERR 7 authentication failed: no SMC holds the credentials of admin for SMC 2",
        "SMC 3: bad credentials: ERR 7 authentication failed: no SMC holds the credentials of admin for SMC 3",
        "SMC 1: not done: not tried: 2 AUTHs failed in this call, and one more would lock the site out",
        "",
      ].join("\n"),
    );
    // A second call with the same wrong file makes the site's third failure.
    const second = await runConsole(site, ["--site", bad.file, "status", "all"], bad.env);
    expect(second.code).toBe(EXIT.lockedOut);
    expect(second.out.split("\n").slice(1, 4)).toEqual([
      // Failures are the SMC's, not the call's: this call's first AUTH is the third, answered ERR 7, and locks.
      " 2  -           -     -  -       -          -  bad credentials (ERR 7)",
      " 3  -           -     -  -       -          -  locked out (ERR 8)",
      " 1  -           -     -  -       -          -  locked out",
    ]);
    // Right credentials are refused too while the lockout lasts.
    const good = siteFile({ ids: [1, 2, 3] });
    const third = await runConsole(site, ["--site", good.file, "status", "1", "--json"], good.env);
    expect(third.code).toBe(EXIT.lockedOut);
    expect(JSON.parse(third.out).smcs).toEqual([
      { id: 1, outcome: "locked-out", code: 8, message: "ERR 8 locked out: too many failed AUTHs; wait t.lockoutMs (30 s by default) and call again" },
    ]);
    site.clock.advance(30000);
    expect((await runConsole(site, ["--site", good.file, "status", "1"], good.env)).code).toBe(0);
  });

  it("a noisy phone line: damaged frames are resent, the table is exact, and RESET runs once", async () => {
    site = consoleSite();
    const s = siteFile({ ids: [1, 2, 3] });
    const st = site;
    // Noise only once the call is up (the dial itself is not framed) and
    // SMC 1 is authenticated; SMC 2's and 3's AUTHs (CHAL, AUTH HMAC) cross it.
    const r = await runConsole(site, ["--site", s.file, "status", "all"], s.env, {
      tap: (b) => {
        if (b.includes("@1 STATUS") && !st.terminal.wire!.faults.corrupt) st.terminal.wire!.faults = { corrupt: 0.004, random: rng(7) };
      },
    });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out.split("\n").map((l) => l.replace(/\s+\d+s\s+/, " Ns "))).toEqual(CHAIN_STATUS.split("\n").map((l) => l.replace(/\s+\d+s\s+/, " Ns ")));
    const sends = requests(r.sent);
    expect(sends.length).toBeGreaterThan(7);
    const reset = await runConsole(site, ["--site", s.file, "reset", "3", "--yes"], s.env);
    site.terminal.wire!.faults = {};
    expect(reset.code).toBe(0);
    expect(events(site, 2, "RESET")).toEqual(["commanded"]);
  });

  it("usage errors (exit 2) cost no call: an ID without credentials, a bad ID, no site", async () => {
    site = consoleSite();
    const s = siteFile({ ids: [1, 2] });
    const a = await runConsole(site, ["--site", s.file, "status", "3"], s.env);
    expect(a).toEqual({ code: 2, out: "", err: "smc-console: no credentials for SMC 3 (the console holds 1, 2): add it to the site file or give --auth 3:USER\n", sent: "" });
    const b = await runConsole(site, ["--site", s.file, "power", "on", "x"], s.env);
    expect(b.code).toBe(2);
    expect(b.err).toBe("smc-console: x: an SMC ID is 1..250, or all\n");
    const c = await runConsole(site, ["status"], {});
    expect(c.err).toBe("smc-console: no credentials: give --site FILE or --auth ID:USER\n");
    const d = await runConsole(site, ["--site", s.file, "status"], {});
    expect(d).toEqual({ code: 2, out: "", err: "smc-console: SMC 1: the environment variable SMC1_PASSWORD holding its password is not set\n", sent: "" });
  });

  it("dialling a number nobody answers: NO ANSWER in plain words, exit 11; --retries dials again", async () => {
    site = consoleSite();
    const s = siteFile({ ids: [1], dial: "5550000" });
    const r = await runConsole(site, ["--site", s.file, "--retries", "2", "--retry-wait", "5", "status"], s.env);
    expect(r.code).toBe(EXIT.dialNoAnswer);
    expect(r.err).toBe("smc-console: NO ANSWER: the site's modem did not answer (no modem on that number, or every SMC holding one is down) (the modem answered NO ANSWER)\n");
    expect(r.sent.match(/ATDT5550000/g)).toHaveLength(3);
    const j = await runConsole(site, ["--site", s.file, "--json", "status"], s.env);
    expect(j.code).toBe(EXIT.dialNoAnswer);
    expect(JSON.parse(j.out)).toEqual({
      command: "status",
      exit: 11,
      outcome: "not-attempted",
      call: { where: "tcp://127.0.0.1:7001", dialled: "5550000", connect: null, hangup: [], lost: null },
      smcs: [],
      error: "NO ANSWER: the site's modem did not answer (no modem on that number, or every SMC holding one is down) (the modem answered NO ANSWER)",
    });
    expect(j.err).toBe("");
  });

  it("--auth ID:USER:PASSWORD works and warns that it lands in shell history", async () => {
    site = consoleSite();
    const r = await runConsole(site, ["--dial", "5551234", "--where", "tcp://x:1", "--auth", "3:admin:pw-3", "status", "3"], {});
    expect(r.code).toBe(0);
    expect(r.err).toBe("warning: the password for SMC 3 was given on the command line: it lands in your shell history; prefer the site file\n");
  });
});

describe("smc-console at a terminal", () => {
  it("Ctrl-C in the middle of status all: the call is hung up with BYE, and the account says what was done", async () => {
    site = consoleSite();
    const s = siteFile({ ids: [1, 2, 3] });
    const ctrlC = new AbortController();
    const r = await runConsole(site, ["--site", s.file, "status", "all"], s.env, {
      io: { signal: ctrlC.signal },
      tap: (b) => void (b.includes("@2 STATUS") && ctrlC.abort()),
    });
    expect(r.code).toBe(EXIT.lineLost);
    expect(r.out.split("\n").slice(1, 4).map((l) => l.split(/\s{2,}/).pop())).toEqual(["ok", "line lost", "not done"]);
    expect(r.err).toBe(
      ["SMC 2: line lost: interrupted: the call was hung up before the answer", "SMC 3: not done: the call was hung up before this SMC's turn", ""].join("\n"),
    );
    expect(requests(r.sent)).toEqual(["CHAL", "AUTH HMAC admin <proof>", "@1 STATUS", "CHAL", "AUTH HMAC admin <proof>", "@2 STATUS", "BYE"]);
    site.clock.advance(1000);
    expect(events(site, 0, "CALL").slice(-2)).toEqual(["flags cleared: bye", "ended: bye"]);
  });

  it("progress on stderr when it is a terminal; colour on a terminal unless NO_COLOR", async () => {
    site = consoleSite();
    const s = siteFile({ ids: [1, 2] });
    let err = "";
    const tty = await runConsole(site, ["--site", s.file, "status"], s.env, { io: { stderr: { write: (t) => (err += t), isTTY: true }, stdout: { write: () => true, isTTY: true } } });
    expect(tty.code).toBe(0);
    expect(err).toContain("\r\x1b[Kstatus: 0/2 (SMC 1)");
    expect(err).toContain("\r\x1b[Kstatus: 1/2 (SMC 2)");
    expect(err.endsWith("\r\x1b[K")).toBe(true);
    let out = "";
    await runConsole(site, ["--site", s.file, "status", "1"], s.env, { io: { stdout: { write: (t) => (out += t), isTTY: true } } });
    expect(out).toContain("\x1b[32mok\x1b[39m");
    out = "";
    await runConsole(site, ["--site", s.file, "status", "1"], { ...s.env, NO_COLOR: "1" }, { io: { stdout: { write: (t) => (out += t), isTTY: true } } });
    expect(out).not.toContain("\x1b[");
  });

  it("log --follow prints new records as the SMC writes them, until Ctrl-C", async () => {
    site = consoleSite();
    const s = siteFile({ ids: [1] });
    const ctrlC = new AbortController();
    const st = site;
    const start = site.clock.now();
    // A fan alarm 20 s in; Ctrl-C 30 s in.
    site.clock.setTimeout(() => st.units[0].hw.setInput("fanFail", true), 20000);
    site.clock.setTimeout(() => ctrlC.abort(), 30000);
    const r = await runConsole(site, ["--site", s.file, "log", "1", "--follow"], s.env, { io: { signal: ctrlC.signal } });
    expect(site.clock.now() - start).toBeGreaterThan(30000);
    expect(r.out).toMatch(/\n +\d+ +\d+\.\d{3}s  INPUT    fanFail ALARM\n/);
    expect(requests(r.sent).slice(-1)).toEqual(["BYE"]);
  });
});

describe("smc-console on pass-through wiring (embodiment 5)", () => {
  it("status all reads all 4 SMCs in one call; map draws the call's way through the pass-through ports", async () => {
    site = consoleSite({ size: 4, wiring: "passthrough" });
    site.clock.advance(10000);
    const s = siteFile({ ids: [1, 2, 3, 4] });
    const r = await runConsole(site, ["--site", s.file, "status", "all"], s.env);
    expect(r.code).toBe(0);
    expect(r.out.split("\n").map((l) => l.replace(/\s+\d+s\s+/, " Ns "))).toEqual([
      "ID  POWER  UPTIME  TEMP  INPUTS  LINKS  BOOTS  RESULT",
      " 1  OFF Ns 24.5  ok (2)  -          1  ok",
      " 2  OFF Ns 24.5  ok (2)  -          1  ok",
      " 3  OFF Ns 24.5  ok (2)  -          1  ok",
      " 4  OFF Ns 24.5  ok (2)  -          1  ok",
      "",
    ]);
    const m = await runConsole(site, ["--site", s.file, "map"], s.env);
    expect(m.out).toBe(
      [
        "pass-through wiring seen from SMC 1 (the one holding the console); * = authenticated in this call, x = port down, [?] = an SMC not in the call",
        "  [1*]--[2*]--[3*]--[4*]",
        "",
        "ID  SIDE  HOPS  PORT     THIS CALL",
        " 1  self     0  through  authenticated",
        " 2  P        1  through  authenticated",
        " 3  P        2  through  authenticated",
        " 4  P        3  none     authenticated",
        "",
      ].join("\n"),
    );
  });
});

describe("smc-console pointed at a modem without --dial", () => {
  it("says that a modem answered instead of an SMC, at once, and to give --dial", async () => {
    site = consoleSite();
    const s = siteFile({ ids: [1], dial: null });
    const start = site.clock.now();
    const r = await runConsole(site, ["--site", s.file, "status"], s.env);
    expect(r.code).toBe(EXIT.lineLost);
    expect(r.err).toBe(
      [
        "SMC 1: line lost: a modem answered ERROR instead of an SMC: the stream is a modem in command mode (give --dial <number>)",
        "the call dropped: a modem answered ERROR instead of an SMC: the stream is a modem in command mode (give --dial <number>)",
        "",
      ].join("\n"),
    );
    expect(site.clock.now() - start).toBeLessThan(1000);
  });
});

describe("smc-console's shell", () => {
  it("one call for a session of commands: status, power state, map, then quit hangs up", async () => {
    site = consoleSite();
    const s = siteFile({ ids: [1, 2, 3] });
    process.env.XDG_CONFIG_HOME = mkdtempSync(path.join(tmpdir(), "smc-home-"));
    const input = new PassThrough();
    let shown = "";
    const output = new Writable({ write: (c, _e, cb) => ((shown += c.toString()), cb()) });
    input.end("bogus\nstatus 1\npower state 2\nmap\nhelp\nquit\n");
    const r = await runConsole(site, ["--site", s.file], s.env, { io: { shell: (ctx) => shell(ctx, input as never, output as never) } });
    expect(r.err).toBe("smc-console shell: 3 SMCs (1, 2, 3); the call is made by the first command. help lists the commands; quit hangs up.\n");
    expect(r.code).toBe(0);
    expect(r.sent.match(/ATDT/g)).toHaveLength(1);
    expect(requests(r.sent)).toEqual(["CHAL", "AUTH HMAC admin <proof>", "@1 STATUS", "CHAL", "AUTH HMAC admin <proof>", "@2 POWER STATE", "CHAL", "AUTH HMAC admin <proof>", "MAP", "BYE"]);
    expect(r.out).toContain("ID  POWER  RESULT\n 2  OFF    ok\n");
    expect(r.out).toContain("  [1*]--[2*]--[3*]\n");
    expect(shown).toContain("error: unknown command 'bogus'");
    expect(shown).toMatch(/Usage: shell <command> \[args\]\n[\s\S]*\n {2}quit +hang up and leave\n/);
    expect(readFileSync(path.join(process.env.XDG_CONFIG_HOME, "smc-console", "history"), "utf8")).toBe("bogus\nstatus 1\npower state 2\nmap\nhelp\nquit\n");
    delete process.env.XDG_CONFIG_HOME;
  });
});

describe("smc-console against dist/linux.js in the emulation", () => {
  it("status all on a chain of 3: the same table as on the TypeScript sources, firmware version aside", async () => {
    site = consoleSite({ firmware: { kind: "bundle", code: readFileSync(bundlePath("linux"), "utf8") } });
    const s = siteFile({ ids: [1, 2, 3] });
    const r = await runConsole(site, ["--site", s.file, "status", "all"], s.env);
    expect(r.code).toBe(0);
    expect(r.out).toBe(CHAIN_STATUS);
  });
});
