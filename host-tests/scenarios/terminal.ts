// The foundation's terminal session on one SMC, written once and run on
// every backend (TypeScript sources, bundle in the emulation, bundle on the
// real interpreter).
import { expect } from "vitest";
import { encodeFrame } from "../../firmware/protocol";
import { noise } from "../support/noise";
// Framed replies are checked with the tests' own CRC-16, not the firmware's.
import { frame, framedRequest, refCrc32 as crc32 } from "../support/referenceCrc";
import { configDocument } from "../../host/sim/provision";
import type { Dut } from "../../host/dut/dut";
import { expectExchange, login, PASSWORD, typed, UNIT, USER } from "./common";

export interface Scenario {
  name: string;
  /** Storage's smc.json for this scenario instead of the unit's: null for none. */
  stored?: string | null;
  run(dut: Dut): Promise<void>;
}

export const HELP = [
  "HELP",
  "AUTH <user> <password>",
  "CHAL | AUTH HMAC <user> <proof>",
  "[@id] STATUS",
  "[@id] RESET",
  "[@id] POWER ON|OFF|CYCLE|STATE",
  "[@id] READ <input>|POWER",
  "[@id] DIAG",
  "[@id] LOG [from] [count] | LOG CLEAR CONFIRM",
  "[@id] CONFIG SHOW|ID <n>|RINGS <n>|CABLED <links>|TIME <name> <ms>|USER <name> <role> <password> [<key>]|USER <name> DELETE CONFIRM|USER <name> CONFIRM|PASSWORD <new> CONFIRM|KEY <hex> CONFIRM|PLAIN ON|PLAIN OFF|REBOOT",
  "MAP",
  "TIME [<unix seconds>]",
  "LOGOUT",
  "BYE",
  "OK",
];

export const terminalScenarios: Scenario[] = [
  {
    name: "boots with only its banner on the console and nothing on the modem port",
    async run(dut) {
      await dut.waitConsole("BOOT SMC 7 " + dut.board.name + " fw ", 5000);
      expect(dut.text("modem")).toBe("");
      expect(dut.console()).not.toMatch(/Uncaught|ERROR|CONFIG/);
    },
  },
  {
    name: "HELP lists the commands",
    async run(dut) {
      await expectExchange(dut, "HELP", HELP);
    },
  },
  {
    name: "STATUS before AUTH is refused",
    async run(dut) {
      await expectExchange(dut, "STATUS", ["ERR 6 not authenticated"]);
      await expectExchange(dut, "RESET", ["ERR 6 not authenticated"]);
      await expectExchange(dut, "POWER ON", ["ERR 6 not authenticated"]);
      expect(dut.output("reset")).toBe(false);
      expect(dut.output("power")).toBe(false);
    },
  },
  {
    name: "AUTH with a wrong password or user fails, the right one answers with the ID code",
    async run(dut) {
      await expectExchange(dut, `AUTH ${USER} wrong`, ["ERR 7 authentication failed"]);
      await expectExchange(dut, `AUTH root ${PASSWORD}`, ["ERR 7 authentication failed"]);
      await expectExchange(dut, `AUTH ${USER}`, ["ERR 2 bad arguments"]);
      await login(dut);
      const status = await typed(dut, "STATUS");
      const lines = status.split("\r\n");
      expect(lines[0]).toBe("STATUS");
      expect(lines[1]).toBe("ID 7");
      expect(lines[2]).toMatch(new RegExp(`^FW \\d+\\.\\d+\\.\\d+\\S* ${dut.board.name}$`));
      expect(lines[3]).toBe("POWER OFF");
      expect(lines[4]).toMatch(/^UPTIME \d+$/);
      expect(lines[5]).toMatch(/^TEMP (-|-?\d+\.\d)$/);
      expect(lines[6]).toBe("CONFIG stored");
      expect(lines[7]).toBe("BOOTS 1 LAST first boot");
      // The board's server inputs, each with its value and state.
      const inputs = Object.keys(dut.board.inputs ?? {});
      for (let i = 0; i < inputs.length; i++) {
        const kind = dut.board.inputs![inputs[i]].kind;
        expect(lines[8 + i]).toMatch(kind === "digital" ? new RegExp(`^IN ${inputs[i]} 0 ok$`) : new RegExp(`^IN ${inputs[i]} (- unknown|-?\\d+\\.\\d \\S+ (ok|low|high))$`));
      }
      const n = 8 + inputs.length;
      expect(lines[n]).toBe(dut.board.ports.linkB ? "LINKS A:silent B:silent" : "LINKS A:silent");
      expect(lines[n + 1]).toBe("OK");
      expect(lines.length).toBe(n + 3);
    },
  },
  {
    name: "RESET pulses the reset output for the configured time, then answers OK",
    async run(dut) {
      await login(dut);
      dut.clear("modem");
      dut.send("modem", "RESET\r");
      const rise = await dut.waitOutput("reset", true, 2000);
      const fall = await dut.waitOutput("reset", false, dut.config.t.resetMs + 2000);
      expect(Math.abs(fall - rise - dut.config.t.resetMs)).toBeLessThanOrEqual(dut.slackMs);
      await dut.waitFor("modem", "OK\r\n", 2000);
      expect(dut.text("modem")).toBe("RESET\r\nOK\r\n");
    },
  },
  {
    name: "POWER ON presses the button, POWER OFF holds it, and neither presses when the state already matches",
    async run(dut) {
      const t = dut.config.t;
      await login(dut);
      await expectExchange(dut, "POWER STATE", ["POWER OFF", "OK"]);
      await expectExchange(dut, "POWER OFF", ["POWER OFF", "OK"]);
      expect(dut.output("power")).toBe(false);
      dut.clear("modem");
      dut.send("modem", "POWER ON\r");
      const rise = await dut.waitOutput("power", true, 2000);
      dut.setInput("powerGood", true);
      const fall = await dut.waitOutput("power", false, t.pressMs + 2000);
      expect(Math.abs(fall - rise - t.pressMs)).toBeLessThanOrEqual(dut.slackMs);
      await dut.waitFor("modem", "OK\r\n", 2000);
      expect(dut.text("modem")).toBe("POWER ON\r\nPOWER ON\r\nOK\r\n");
      await expectExchange(dut, "POWER ON", ["POWER ON", "OK"]);
      dut.clear("modem");
      dut.send("modem", "POWER OFF\r");
      const hold = await dut.waitOutput("power", true, 2000);
      dut.setInput("powerGood", false);
      const release = await dut.waitOutput("power", false, t.holdMs + 2000);
      expect(Math.abs(release - hold - t.holdMs)).toBeLessThanOrEqual(dut.slackMs);
      await dut.waitFor("modem", "OK\r\n", 2000);
      expect(dut.text("modem")).toBe("POWER OFF\r\nPOWER OFF\r\nOK\r\n");
      await expectExchange(dut, "POWER SIDEWAYS", ["ERR 2 bad arguments"]);
    },
  },
  {
    name: "POWER ON that the server does not follow ends in ERR 12 after the power-good time-out",
    async run(dut) {
      const t = dut.config.t;
      await login(dut);
      dut.clear("modem");
      dut.send("modem", "POWER ON\r");
      const released = await (async () => {
        await dut.waitOutput("power", true, 2000);
        return dut.waitOutput("power", false, t.pressMs + 2000);
      })();
      await dut.waitFor("modem", "ERR 12 power state did not change\r\n", t.powerGoodMs + 2000);
      expect(dut.now() - released).toBeGreaterThanOrEqual(t.powerGoodMs - dut.slackMs);
      expect(dut.text("modem")).toBe("POWER ON\r\nPOWER OFF\r\nERR 12 power state did not change\r\n");
      await dut.waitConsole("POWER ON failed: power-good OFF", 2000);
    },
  },
  {
    name: "POWER CYCLE holds the button, pauses, presses, and waits for power-good",
    async run(dut) {
      const t = dut.config.t;
      dut.setInput("powerGood", true);
      await login(dut);
      dut.clear("modem");
      dut.send("modem", "POWER CYCLE\r");
      const holdStart = await dut.waitOutput("power", true, 2000);
      dut.setInput("powerGood", false);
      const holdEnd = await dut.waitOutput("power", false, t.holdMs + 2000);
      const pressStart = await dut.waitOutput("power", true, t.cycleGapMs + 2000);
      const pressEnd = await dut.waitOutput("power", false, t.pressMs + 2000);
      expect(Math.abs(holdEnd - holdStart - t.holdMs)).toBeLessThanOrEqual(dut.slackMs);
      expect(Math.abs(pressStart - holdEnd - t.cycleGapMs)).toBeLessThanOrEqual(dut.slackMs);
      expect(Math.abs(pressEnd - pressStart - t.pressMs)).toBeLessThanOrEqual(dut.slackMs);
      dut.setInput("powerGood", true);
      await dut.waitFor("modem", "OK\r\n", t.powerGoodMs + 2000);
      expect(dut.text("modem")).toBe("POWER CYCLE\r\nPOWER ON\r\nOK\r\n");
    },
  },
  {
    name: "LOGOUT clears the permission flag",
    async run(dut) {
      await login(dut);
      await expectExchange(dut, "LOGOUT", ["OK"]);
      await expectExchange(dut, "STATUS", ["ERR 6 not authenticated"]);
    },
  },
  {
    name: "BYE ends the permission at once: a line typed right behind it is not authenticated",
    async run(dut) {
      await login(dut);
      dut.clear("modem");
      // Both lines in one write, as a paste or a fast script sends them.
      dut.send("modem", "BYE\rSTATUS\r");
      await dut.waitFor("modem", "ERR 6 not authenticated\r\n", 5000);
      expect(dut.text("modem")).toBe("BYE\r\nOK\r\nSTATUS\r\nERR 6 not authenticated\r\n");
      await dut.waitConsole("LOGOUT bye", 1000);
    },
  },
  {
    name: "malformed input gets its exact ERR and changes nothing",
    async run(dut) {
      await login(dut);
      await expectExchange(dut, "FROB", ["ERR 1 unknown command"]);
      // Espruino's indexOf finds a needle that runs past the end of the
      // string when its start matches the end ("|A|".indexOf("|B") is 2):
      // an unknown verb must not pass for a known one there.
      await expectExchange(dut, "FROB x", ["ERR 1 unknown command"]);
      await expectExchange(dut, "@2 FROB", ["ERR 1 unknown command"]);
      await expectExchange(dut, "@0 STATUS", ["ERR 2 bad arguments"]);
      await expectExchange(dut, "@251 STATUS", ["ERR 2 bad arguments"]);
      await expectExchange(dut, "@9 STATUS", ["ERR 6 not authenticated"]);
      // Too long: the first 120 bytes are echoed, the rest is not.
      const long = "STATUS " + "x".repeat(200);
      dut.clear("modem");
      dut.send("modem", long + "\r");
      await dut.waitFor("modem", "ERR 3 line too long\r\n");
      expect(dut.text("modem")).toBe(long.substr(0, 120) + "\r\nERR 3 line too long\r\n");
      // A control byte is neither echoed nor executed.
      dut.clear("modem");
      dut.send("modem", "RES\x01ET\r");
      await dut.waitFor("modem", "ERR 4 control character\r\n");
      expect(dut.text("modem")).toBe("RESET\r\nERR 4 control character\r\n");
      dut.clear("modem");
      dut.send("modem", "STATUS\xff\r");
      await dut.waitFor("modem", "ERR 4 control character\r\n");
      expect(dut.text("modem")).toBe("STATUS\r\nERR 4 control character\r\n");
      expect(dut.output("reset")).toBe(false);
      // Still logged in, still working.
      await expectExchange(dut, "@7 POWER STATE", ["POWER OFF", "OK"]);
    },
  },
  {
    name: "every command checks its number of arguments: extra or missing words get ERR 2 and run nothing",
    async run(dut) {
      await login(dut);
      for (const line of [
        "RESET now",
        "@7 RESET now",
        "@7 @8 STATUS",
        "@7 @99 POWER STATE",
        "STATUS x",
        "HELP me",
        "DIAG all",
        "POWER",
        "POWER ON now",
        "READ",
        "READ fanFail twice",
        "LOG 1 2 3",
        "CONFIG SHOW all",
        "CONFIG REBOOT now",
        "CONFIG TIME resetMs 100 200",
        "AUTH admin",
        "AUTH admin pw extra",
        "@7 AUTH admin pw",
        "MAP all",
        "@7 MAP",
        "LOGOUT now",
        "@7 LOGOUT",
        "BYE now",
      ])
        await expectExchange(dut, line, ["ERR 2 bad arguments"]);
      expect(dut.console()).not.toMatch(/RESET commanded|CONFIG reboot|LOGOUT logout/);
      expect(dut.output("reset")).toBe(false);
      // Still logged in, still in the call.
      await expectExchange(dut, "@7 POWER STATE", ["POWER OFF", "OK"]);
    },
  },
  {
    name: "a terminal's keys: arrows swallowed, Ctrl-U erases the line, Ctrl-C abandons it, Tab is a space",
    async run(dut) {
      await login(dut);
      // An arrow key (CSI and SS3 forms) in the middle of a word: nothing of it is echoed or kept.
      dut.clear("modem");
      dut.send("modem", "POWER STAT\x1b[A\x1bOBE\r");
      await dut.waitFor("modem", "OK\r\n");
      expect(dut.text("modem")).toBe("POWER STATE\r\nPOWER OFF\r\nOK\r\n");
      // Ctrl-U: the line is erased on the terminal (BS SP BS a byte) and in the SMC.
      dut.clear("modem");
      dut.send("modem", "RESET\x15POWER\tSTATE\r");
      await dut.waitFor("modem", "OK\r\n");
      expect(dut.text("modem")).toBe("RESET" + "\b \b".repeat(5) + "POWER STATE\r\nPOWER OFF\r\nOK\r\n");
      // Ctrl-C: abandoned at once, before any Enter; nothing runs.
      dut.clear("modem");
      dut.send("modem", "RESET\x03");
      await dut.waitFor("modem", "^C\r\n");
      dut.send("modem", "POWER STATE\r");
      await dut.waitFor("modem", "OK\r\n");
      expect(dut.text("modem")).toBe("RESET^C\r\nPOWER STATE\r\nPOWER OFF\r\nOK\r\n");
      expect(dut.output("reset")).toBe(false);
      expect(dut.console()).not.toContain("RESET commanded");
      // A program's framed line after all that is framed as ever.
      dut.clear("modem");
      dut.send("modem", framedRequest("31", "POWER STATE"));
      await dut.waitFor("modem", frame("31", "OK"));
      expect(dut.text("modem")).toBe(frame("31", "POWER OFF") + frame("31", "OK"));
    },
  },
  {
    name: "backspace and DEL edit a typed line; LF and CR LF end lines as CR does",
    async run(dut) {
      dut.clear("modem");
      dut.send("modem", "HELX\bP\r\n");
      await dut.waitFor("modem", "BYE\r\nOK\r\n");
      expect(dut.text("modem")).toBe("HELX\b \bP\r\n" + HELP.map((l) => l + "\r\n").join(""));
      dut.clear("modem");
      dut.send("modem", "LOGOUTT\x7f\n");
      await dut.waitFor("modem", "OK\r\n");
      expect(dut.text("modem")).toBe("LOGOUTT\b \b\r\nOK\r\n");
      dut.clear("modem");
      dut.send("modem", "\r\n\r");
      await dut.waitFor("modem", "\r\n\r\n");
      expect(dut.text("modem")).toBe("\r\n\r\n");
    },
  },
  {
    name: "framed lines get framed replies without echo; a bad checksum gets ERR 5",
    async run(dut) {
      dut.clear("modem");
      dut.send("modem", framedRequest("41", `AUTH ${USER} ${PASSWORD}`));
      await dut.waitFor("modem", frame("41", "OK"));
      expect(dut.text("modem")).toBe(frame("41", "ID 7") + frame("41", "OK"));
      dut.clear("modem");
      const bad = framedRequest("42", "RESET").replace("RESET", "RESEX");
      dut.send("modem", bad);
      await dut.waitFor("modem", frame("0", "ERR 5 bad checksum"));
      expect(dut.text("modem")).toBe(frame("0", "ERR 5 bad checksum"));
      expect(dut.output("reset")).toBe(false);
    },
  },
  {
    name: "a framed request retried with the same seq is answered again but runs once",
    async run(dut) {
      await login(dut);
      dut.clear("modem");
      dut.send("modem", framedRequest("7", "RESET"));
      await dut.waitFor("modem", frame("7", "OK"), dut.config.t.resetMs + 3000);
      dut.clear("modem");
      dut.send("modem", framedRequest("7", "RESET"));
      await dut.waitFor("modem", frame("7", "OK"));
      expect(dut.text("modem")).toBe(frame("7", "OK"));
      expect(dut.output("reset")).toBe(false);
      dut.clear("modem");
      dut.send("modem", framedRequest("8", "POWER STATE"));
      await dut.waitFor("modem", frame("8", "OK"));
      expect(dut.text("modem")).toBe(frame("8", "POWER OFF") + frame("8", "OK"));
    },
  },
  {
    name: "three wrong passwords lock AUTH out for the lockout time, then it works again",
    async run(dut) {
      await expectExchange(dut, `AUTH ${USER} a`, ["ERR 7 authentication failed"]);
      await expectExchange(dut, `AUTH ${USER} b`, ["ERR 7 authentication failed"]);
      // The third failure is answered as a failure; the lockout refuses what follows.
      const lockedAt = dut.now();
      await expectExchange(dut, `AUTH ${USER} c`, ["ERR 7 authentication failed"]);
      // Even the right password is refused while locked.
      await expectExchange(dut, `AUTH ${USER} ${PASSWORD}`, ["ERR 8 locked out"]);
      await dut.waitConsole("AUTHFAIL refused, locked out (admin)", 2000);
      // Poll with the right password until the lock lifts (bounded).
      const deadline = lockedAt + dut.config.t.lockoutMs + 3000;
      let got = "";
      while (!got.includes("ID 7\r\nOK\r\n")) {
        if (dut.now() > deadline) throw new Error("lockout never lifted: " + JSON.stringify(got));
        await dut.pause(100);
        got = await typed(dut, `AUTH ${USER} ${PASSWORD}`);
        expect(["ERR 8 locked out\r\n", "ID 7\r\nOK\r\n"]).toContain(got.substr(got.indexOf("\r\n") + 2));
      }
      expect(dut.now() - lockedAt).toBeGreaterThanOrEqual(dut.config.t.lockoutMs - dut.slackMs);
    },
  },
  {
    name: "an idle session loses its permission after the idle time-out",
    async run(dut) {
      const at = dut.now();
      await login(dut);
      await dut.waitConsole("LOGOUT idle", dut.config.t.idleMs + 3000);
      expect(dut.now() - at).toBeGreaterThanOrEqual(dut.config.t.idleMs - dut.slackMs);
      await expectExchange(dut, "STATUS", ["ERR 6 not authenticated"]);
    },
  },
  {
    name: "each command restarts the idle time-out: the permission ends idleMs after the last one",
    async run(dut) {
      await login(dut);
      const idle = dut.config.t.idleMs;
      // Two commands, each more than half the idle time after the one before:
      // the time-out armed at the AUTH must not end the permission.
      await dut.pause(Math.round(idle * 0.6));
      await expectExchange(dut, "POWER STATE", ["POWER OFF", "OK"]);
      await dut.pause(Math.round(idle * 0.6));
      const last = dut.now();
      await expectExchange(dut, "POWER STATE", ["POWER OFF", "OK"]);
      await dut.waitConsole("LOGOUT idle", idle + 3000);
      expect(dut.now() - last).toBeGreaterThanOrEqual(idle - dut.slackMs);
      await expectExchange(dut, "STATUS", ["ERR 6 not authenticated"]);
    },
  },
  {
    name: "random bytes and forged frames on every port: no exception, nothing run, then a normal session",
    async run(dut) {
      await dut.waitConsole("BOOT", 5000);
      const { int, junk } = noise(4242);
      const WORDS = ["RESET", "POWER OFF", "AUTH admin nope", "CONFIG ID 9", "LOG CLEAR", "@7 RESET", "x".repeat(200)];
      const ports = (["modem", "linkA", "linkB"] as const).filter((p) => dut.board.ports[p]);
      for (let i = 0; i < 150; i++) {
        const port = ports[int(ports.length)];
        const word = WORDS[int(WORDS.length)];
        const kind = int(3);
        if (port === "modem") dut.send(port, kind === 0 ? junk(1 + int(40)) : kind === 1 ? word + "\r" : frame(String(int(999)), word).replace(/\*..../, "*0000"));
        else dut.send(port, kind === 0 ? junk(1 + int(300)) : encodeFrame({ kind: "HKAPQRCEXMN".charAt(int(11)), seq: int(256), hops: int(9), call: int(256), src: int(256), dst: int(2) ? 7 : int(256), req: int(256), payload: word }, crc32));
        if (i % 10 === 9) await dut.pause(20);
      }
      // The SMC reads each port in order, at its own pace: on a loaded
      // machine the real interpreter was still working through the noise
      // seconds after it was sent, and the STATUS below got the noise's
      // answers (terminal.real failed in the full suite). So each port
      // gets a last line whose answer shows that everything before it was
      // read: on the modem port a line it refuses (the CR before it ends
      // whatever line the noise left open), on a link a frame its link
      // layer acknowledges at once (an E frame of no call: nothing runs).
      dut.send("modem", "\rNOISE-END\r");
      const links = ports.filter((p) => p !== "modem");
      links.forEach((p, i) => dut.send(p, "\n" + encodeFrame({ kind: "E", seq: 0xe0 + i, hops: 0, call: 0, src: 200, dst: dut.config.id, req: 0, payload: "" }, crc32)));
      // (Unknown, or busy while the noise's AUTH searches the chain: answered either way.)
      await dut.waitFor("modem", (t) => /NOISE-END\r\nERR (1 unknown command|9 busy)\r\n/.test(t));
      for (const [i, p] of links.entries()) await dut.waitFor(p, `#K${(0xe0 + i).toString(16).toUpperCase()}0000000000${dut.config.id.toString(16).toUpperCase().padStart(2, "0")}0000000000*`);
      // Every wrong password was read by now (a search the noise started ends
      // in its own time): the lockout they earned lapses.
      await dut.pause(dut.config.t.lockoutMs + 300);
      // The noise's typed AUTHs (the only lines it has that can be answered
      // ERR 7, 8 or 10) are answered and counted; unless forged
      // neighbours (the noise's heartbeats bring a link up) held a search
      // past this unit's idle time (1.5 s): the call's end then takes the
      // running command's reply with it (docs/protocol.md, "Queueing"),
      // as seen under load.
      const heard = dut.text("modem");
      expect(dut.console()).not.toContain("Uncaught");
      await expectExchange(dut, "STATUS", ["ERR 6 not authenticated"]);
      await login(dut);
      const log = await typed(dut, "LOG 1 20");
      expect(log).not.toMatch(/ (RESET|POWER|CONFIG) /);
      // (Its console has every record: the noise's links going up and down
      // may fill the first 20.)
      if (/\r\nERR (7|8|10) /.test(heard)) expect(dut.console()).toMatch(/ AUTHFAIL /);
      else expect(dut.console()).toMatch(/ CALL flags cleared: idle\r?\n/);
      expect(await dut.readFile("smc.a")).toBeUndefined();
      expect(dut.output("reset")).toBe(false);
    },
  },
  {
    name: "the REPL is unreachable from every UART",
    async run(dut) {
      const probes = ["1+1\r", "\x03", "reset()\r", '\x10print("REPL"+"REACHED")\r', "E.setConsole(Serial1)\r", "\x1b[A\r"];
      await dut.waitConsole("BOOT", 5000);
      for (const role of ["linkA", "linkB"] as const) {
        if (!dut.board.ports[role]) continue;
        for (const p of probes) dut.send(role, p);
      }
      dut.clear("modem");
      dut.send("modem", "1+1\r");
      await dut.waitFor("modem", "ERR 1 unknown command\r\n");
      expect(dut.text("modem")).toBe("1+1\r\nERR 1 unknown command\r\n");
      // Ctrl-C abandons the typed line, as at a shell's prompt; it reaches nothing else.
      dut.clear("modem");
      dut.send("modem", "\x03\r");
      await dut.waitFor("modem", "^C\r\n\r\n");
      expect(dut.text("modem")).toBe("^C\r\n\r\n");
      await expectExchange(dut, "reset()", ["ERR 1 unknown command"]);
      dut.clear("modem");
      dut.send("modem", '\x10print("REPL"+"REACHED")\r');
      await dut.waitFor("modem", "ERR 4 control character\r\n");
      expect(dut.text("modem")).toBe('print("REPL"+"REACHED")\r\nERR 4 control character\r\n');
      // Nothing came back on the link ports, and the board never evaluated anything.
      await expectExchange(dut, "HELP", HELP);
      // The links carry the SMC's heartbeats and nothing else: no echo, no prompt.
      const heartbeats = /#H0000[0-9A-F]{8}070000000000\*[0-9A-F]{8}\n/g;
      expect(dut.text("linkA").replace(heartbeats, "")).toBe("");
      expect(dut.text("linkB").replace(heartbeats, "")).toBe("");
      expect(dut.console()).not.toContain("=2");
      expect(dut.console()).not.toContain("REPLREACHED");
    },
  },
  {
    name: "an unprovisioned SMC boots on safe defaults (a modem on UART1, no credentials) and says why",
    stored: null,
    async run(dut) {
      await dut.waitConsole("CONFIG defaults: no stored config", 5000);
      // The default UART1 is a Hayes modem: the SMC initialises it, and with
      // nothing answering it backs off and tries again.
      await dut.waitFor("modem", "ATZ\r", 5000);
      await dut.waitConsole("MODEM init: ATZ got no answer; retry in 2 s", dut.config.t.modemCmdMs + 3000);
      // Not in a call: typed bytes reach no command interpreter.
      dut.send("modem", "AUTH admin admin\r");
      await dut.waitFor("modem", "ATZ\rATZ\r", dut.config.t.modemCmdMs + 2000 + 3000);
      expect(dut.text("modem")).toMatch(/^(ATZ\r)+$/);
    },
  },
  {
    name: "a corrupt stored config falls back to defaults and says so",
    stored: '{"v":1,"id":7,"user":"admin"',
    async run(dut) {
      await dut.waitConsole("CONFIG defaults: stored config is not JSON", 5000);
      await dut.waitFor("modem", "ATZ\r", 5000);
    },
  },
  {
    name: "an invalid field is replaced by its default and named; the rest is kept",
    stored: JSON.stringify({ ...JSON.parse(configDocument(UNIT)), modemBaud: 1234, t: { resetMs: 0 } }),
    async run(dut) {
      await dut.waitConsole("CONFIG invalid, defaults used: modemBaud,t.resetMs", 5000);
      await login(dut);
      await typed(dut, "STATUS");
      expect(dut.text("modem")).toContain("CONFIG stored\r\n");
    },
  },
  {
    name: "a power cycle keeps the flash (config, event log) and ends the session",
    async run(dut) {
      await login(dut);
      await dut.powerCycle();
      await dut.waitConsole("BOOT SMC 7 " + dut.board.name + " fw ", 5000);
      await dut.waitConsole("boot 2 after power cut or watchdog", 1000);
      await expectExchange(dut, "STATUS", ["ERR 6 not authenticated"]);
      // The newest chunk is in one of two tail files, the newer the one with more records.
      const tails = [(await dut.readFile("evlog.t0")) ?? "", (await dut.readFile("evlog.t1")) ?? ""].sort((a, b) => b.length - a.length);
      // The record file's first line is its chunk number.
      const codes = tails[0].split("\n").filter((r) => r && r.charAt(0) !== "#").map((r) => r.split(" ")[2]);
      expect(codes).toEqual(["BOOT", "AUTH", "BOOT"]);
      await login(dut);
    },
  },
];
