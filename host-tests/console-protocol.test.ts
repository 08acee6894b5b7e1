// The console library's parts on their own, against scripted peers on a
// virtual clock: the framed client's retry rules, the Hayes dialler's
// result codes, the hang-up fallback, the site file's password sources,
// and a busy simulator port over real TCP.
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Call } from "../host/console/call";
import { main } from "../host/console/cli";
import { readPassword } from "../host/console/credentials";
import { dial } from "../host/console/dialler";
import { DialError, EXIT, LineLost, NoReply } from "../host/console/errors";
import { FramedClient, frameRequest, parseReplyLine } from "../host/console/framed";
import type { ByteStream } from "../host/console/stream";
import { consoleClock, drive } from "../host/console/virtual";
import { VirtualClock } from "../host/sim/clock";
import { Probe } from "../host/sim/wire";
import { bridgeUart } from "../host/sim/terminalBridge";
import { frame } from "../firmware/protocol";

/** A peer that answers each line the console sends through `answer`, after `delayMs` of virtual time. */
function scripted(clock: VirtualClock, answer: (line: string, say: (text: string) => void) => void, delayMs = 5) {
  const receivers: Array<(b: string) => void> = [];
  const sent: string[] = [];
  let buf = "";
  const say = (text: string) => clock.setTimeout(() => receivers.forEach((r) => r(text)), delayMs);
  const stream: ByteStream & { sent: string[]; closed: boolean } = {
    name: "scripted",
    hasDtr: false,
    sent,
    closed: false,
    write(b) {
      buf += b;
      if (b === "+++") {
        sent.push("+++");
        buf = "";
        answer("+++", say);
        return;
      }
      let i;
      while ((i = buf.indexOf("\r")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        sent.push(line);
        answer(line, say);
      }
    },
    onData: (cb) => (receivers.push(cb), () => undefined),
    onClose: () => undefined,
    dropDtr: async () => false,
    async close() {
      stream.closed = true;
    },
  };
  return stream;
}

describe("framed requests", () => {
  it("frames a request as docs/protocol.md's example, and checks reply lines", () => {
    expect(frameRequest(41, "AUTH admin s3cret-pass")).toBe("!41 AUTH admin s3cret-pass*BC09\r");
    expect(parseReplyLine("!41 ID 7*EB82")).toEqual({ seq: 41, text: "ID 7" });
    expect(parseReplyLine("!41 ID 8*EB82")).toBeUndefined();
    expect(parseReplyLine("!0 ERR 5 bad checksum*CCB5")).toEqual({ seq: 0, text: "ERR 5 bad checksum" });
  });

  const client = (clock: VirtualClock, answer: (seq: string, body: string, n: number, say: (t: string) => void) => void) => {
    let n = 0;
    let c: FramedClient;
    const peer = scripted(clock, (line, say) => {
      const m = /^!(\d+) (.*)\*[0-9A-F]{4}$/.exec(line)!;
      answer(m[1], m[2], ++n, (t) => say(t));
    });
    peer.onData((b) => b.split("\r\n").forEach((l) => l && c.line(l)));
    c = new FramedClient((b) => peer.write(b), consoleClock(clock), { firstSeq: 0, timeoutMs: 1000, busyWaitMs: 500 });
    const retries: string[] = [];
    c.on("retry", (r) => retries.push(`${r.seq} ${r.body}: ${r.why}`));
    return { c, peer, retries };
  };

  it("no answer: the same seq again (the SMC answers from its saved reply, a RESET does not run twice)", async () => {
    const clock = new VirtualClock();
    const { c, peer, retries } = client(clock, (seq, body, n, say) => {
      if (n > 1) say(frame(seq, "OK"));
    });
    const r = await drive(clock, c.request("@3 RESET"));
    expect(r).toEqual({ lines: [], final: "OK", code: 0 });
    expect(peer.sent).toEqual(["!1 @3 RESET*ED77", "!1 @3 RESET*ED77"]);
    expect(retries).toEqual(["1 @3 RESET: no answer"]);
    expect(clock.now()).toBe(1005);
  });

  it("!0 ERR 5 (seq untrusted): the same seq; !<seq> ERR 4 (our line spoiled, not run): a new seq", async () => {
    const clock = new VirtualClock();
    const { c, peer } = client(clock, (seq, _b, n, say) => {
      if (n === 1) say(frame("0", "ERR 5 bad checksum"));
      else if (n === 2) say(frame(seq, "ERR 4 control character"));
      else say(frame(seq, "POWER ON") + frame(seq, "OK"));
    });
    const r = await drive(clock, c.request("@2 POWER ON"));
    expect(r).toEqual({ lines: ["POWER ON"], final: "OK", code: 0 });
    expect(peer.sent.map((l) => l.split(" ")[0])).toEqual(["!1", "!1", "!2"]);
  });

  it("ERR 9 busy: not run, so after a pause a new seq; busy every time ends as ERR 9", async () => {
    const clock = new VirtualClock();
    const { c, peer } = client(clock, (seq, _b, n, say) => say(n === 1 ? frame("0", "ERR 9 busy") : frame(seq, "ERR 9 busy")));
    const r = await drive(clock, c.request("@1 RESET"));
    expect(r.final).toBe("ERR 9 busy");
    expect(r.code).toBe(9);
    expect(peer.sent.map((l) => l.split(" ")[0])).toEqual(["!1", "!1", "!2", "!3", "!4"]);
    // Four pauses of busyWaitMs, five answers of 5 ms.
    expect(clock.now()).toBe(4 * 500 + 5 * 5);
  });

  it("a damaged line in a reply: the reply is asked again with the same seq, never accepted with a line missing", async () => {
    const clock = new VirtualClock();
    const { c, peer } = client(clock, (seq, _b, n, say) => {
      const link = frame(seq, "LINKS A:up(2) B:silent");
      say(frame(seq, "ID 1") + (n === 1 ? link.replace("up(2)", "up(3)") : link) + frame(seq, "OK"));
    });
    const r = await drive(clock, c.request("@1 STATUS"));
    expect(r.lines).toEqual(["ID 1", "LINKS A:up(2) B:silent"]);
    expect(peer.sent).toEqual(["!1 @1 STATUS*E4B5", "!1 @1 STATUS*E4B5"]);
    expect(c.damaged).toBe(1);
  });

  it("an SMC that answers !0 ERR 9 busy for ever: ERR 9 after 4 pauses, not a loop", async () => {
    const clock = new VirtualClock();
    const { c, peer } = client(clock, (_seq, _b, _n, say) => say(frame("0", "ERR 9 busy")));
    const r = await drive(clock, c.request("@1 STATUS"));
    expect(r).toEqual({ lines: [], final: "ERR 9 busy", code: 9 });
    expect(peer.sent).toHaveLength(5);
  });

  it("gives up after 4 sends with NoReply, naming the request but never a password", async () => {
    const clock = new VirtualClock();
    const { c, retries } = client(clock, () => undefined);
    await expect(drive(clock, c.request("AUTH admin s3cret"))).rejects.toThrow(new NoReply("no answer to AUTH admin ******** after 4 tries (no answer)"));
    expect(retries).toEqual(["1 AUTH admin ********: no answer", "1 AUTH admin ********: no answer", "1 AUTH admin ********: no answer"]);
  });

  it("a lost line fails the request in flight and every later one", async () => {
    const clock = new VirtualClock();
    const { c } = client(clock, () => undefined);
    const p = c.request("@1 STATUS");
    c.lineLost("carrier lost");
    await expect(p).rejects.toThrow(LineLost);
    await expect(c.request("@2 STATUS")).rejects.toThrow("carrier lost");
  });
});

/** A local modem: answers AT commands; ATD with `dialResult`, then (if CONNECT) an SMC that answers OK and never hangs up. */
function modem(clock: VirtualClock, dialResult: string, o: { numeric?: boolean; refuse?: string } = {}) {
  let online = false;
  const s = scripted(clock, (line, say) => {
    if (online && line.startsWith("!")) return say(frame(/^!(\d+)/.exec(line)![1], "OK"));
    if (line === "+++") {
      online = false;
      return clock.setTimeout(() => say("\r\nOK\r\n"), 1000);
    }
    if (!line.startsWith("AT")) return;
    // Echo on, as after ATZ, and a RING on the way: both to be skipped.
    say(line + "\r");
    if (o.refuse && line.startsWith(o.refuse)) return say("\r\nERROR\r\n");
    if (line.startsWith("ATD")) {
      say("\r\nRING\r\n");
      if (dialResult.startsWith("CONNECT")) online = true;
      return say(o.numeric ? `${dialResult}\r` : `\r\n${dialResult}\r\n`);
    }
    say(o.numeric ? "0\r" : "\r\nOK\r\n");
  });
  return s;
}

describe("sessions", () => {
  it("an SMC that forgot the call (ERR 6: idle, or a failed AUTH cleared its flag) is authenticated again once, and the command sent again", async () => {
    const clock = new VirtualClock();
    let statuses = 0;
    const smc = scripted(clock, (line, say) => {
      const m = /^!(\d+) (.*)\*[0-9A-F]{4}$/.exec(line);
      if (!m) return;
      const [, seq, body] = m;
      if (body.startsWith("AUTH")) say(frame(seq, "ID 2") + frame(seq, "OK"));
      else if (body === "@2 STATUS") say(++statuses === 1 ? frame(seq, "ERR 6 not authenticated") : frame(seq, "ID 2") + frame(seq, "POWER ON") + frame(seq, "OK"));
      else say(frame(seq, "OK"));
    });
    const { Session } = await import("../host/console/session");
    const { status } = await import("../host/console/operations");
    // Plain AUTH: this scripted SMC knows no CHAL (the challenge form is auth-challenge.test.ts's).
    const call = await drive(clock, Call.open(smc, { clock: consoleClock(clock), framed: { firstSeq: 0 }, plainAuth: true }));
    const s = new Session(call, new Map([[2, { user: "admin", password: async () => "pw-2" }]]));
    const r = await drive(clock, status(s, [2]));
    expect(r.map((x) => [x.id, x.outcome, x.data?.power])).toEqual([[2, "done", "ON"]]);
    expect(smc.sent).toEqual(["", expect.stringMatching(/^!1 AUTH admin pw-2\*/), expect.stringMatching(/^!2 @2 STATUS\*/), expect.stringMatching(/^!3 AUTH admin pw-2\*/), expect.stringMatching(/^!4 @2 STATUS\*/)]);
  });
});

describe("the dialler and the hang-up", () => {
  for (const [result, numeric] of [
    ["BUSY", "7"],
    ["NO ANSWER", "8"],
    ["NO CARRIER", "3"],
    ["NO DIALTONE", "6"],
  ]) {
    it(`${result} (verbal, and numeric ${numeric}) is a DialError of that result`, async () => {
      for (const [word, o] of [[result, {}], [numeric, { numeric: true }]] as const) {
        const clock = new VirtualClock();
        const m = modem(clock, word, o);
        const src = { write: (b: string) => m.write(b), take: (h?: (l: string) => void) => (take = h) };
        let take: ((l: string) => void) | undefined;
        m.onData((b) => b.split(/[\r\n]+/).forEach((l) => l && take?.(l)));
        const err = await drive(clock, dial(src, consoleClock(clock), { number: "5551234" })).catch((e) => e);
        expect(err).toBeInstanceOf(DialError);
        expect((err as DialError).result).toBe(result);
        expect(m.sent).toEqual(["AT", "ATZ", "ATE0V1Q0&C1&D2", "ATDT5551234"]);
      }
    });
  }

  it("the CLI says each in plain words with its own exit code", async () => {
    const codes: Record<string, number> = {};
    for (const result of ["BUSY", "NO ANSWER", "NO CARRIER", "NO DIALTONE"]) {
      const clock = new VirtualClock();
      let err = "";
      codes[result] = await drive(
        clock,
        main(["--where", "/dev/ttyUSB0", "--dial", "5551234", "--auth", "1:admin:x", "status", "1"], {
          env: {},
          stdout: { write: () => true },
          stderr: { write: (t) => (err += t) },
          open: async () => modem(clock, result),
          clock: consoleClock(clock),
        }),
      );
      expect(err.split("\n")[1]).toMatch(new RegExp(`^smc-console: ${result}: `));
    }
    expect(codes).toEqual({ BUSY: EXIT.dialBusy, "NO ANSWER": EXIT.dialNoAnswer, "NO CARRIER": EXIT.dialNoCarrier, "NO DIALTONE": EXIT.dialNoDialtone });
  });

  it("a modem that refuses an init command, or says nothing, is a modem failure (exit 14)", async () => {
    for (const m of [(c: VirtualClock) => modem(c, "CONNECT", { refuse: "ATE0" }), (c: VirtualClock) => scripted(c, () => undefined)]) {
      const clock = new VirtualClock();
      let err = "";
      const code = await drive(
        clock,
        main(["/dev/ttyS0", "--dial", "1", "--auth", "1:admin:x", "status", "1"], { env: {}, stdout: { write: () => true }, stderr: { write: (t) => (err += t) }, open: async () => m(clock), clock: consoleClock(clock) }),
      );
      expect(code).toBe(EXIT.modemFailed);
      expect(err).toMatch(/^smc-console: (ERROR: the local modem refused a command \(the local modem answered ERROR to ATE0V1Q0&C1&D2\)|NO RESPONSE: the local modem does not answer AT)/m);
    }
  });

  it("where the site's modem does not drop the call after BYE and there is no DTR: +++ then ATH0", async () => {
    const clock = new VirtualClock();
    const m = modem(clock, "CONNECT 9600");
    const call = await drive(clock, Call.open(m, { clock: consoleClock(clock), dial: { number: "5551234" } }));
    expect(call.connectLine).toBe("CONNECT 9600");
    const r = await drive(clock, call.hangup());
    expect(r).toEqual({ steps: ["BYE", "+++ ATH0", "closed"], wasLost: false });
    expect(m.sent.slice(-3)).toEqual([expect.stringMatching(/^!\d+ BYE\*[0-9A-F]{4}$/), "+++", "ATH0"]);
    expect(m.closed).toBe(true);
  });
});

describe("passwords", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "smc-pw-"));
  const io = { env: { PW: "from-env" }, warn: () => undefined };
  it("from a file of mode 0600; refused, saying why, at any other mode", async () => {
    const f = path.join(dir, "pw");
    writeFileSync(f, "s3cret\n");
    chmodSync(f, 0o644);
    await expect(readPassword({ id: 4, user: "admin", password: { file: f } }, io)).rejects.toThrow(`SMC 4: password file ${f} is mode 0644; it must be 0600 (readable by you alone): chmod 600 ${f}`);
    chmodSync(f, 0o600);
    expect(await readPassword({ id: 4, user: "admin", password: { file: f } }, io)).toBe("s3cret");
  });
  it("from the environment, or a prompt (none without a terminal)", async () => {
    expect(await readPassword({ id: 1, user: "admin", password: { env: "PW" } }, io)).toBe("from-env");
    await expect(readPassword({ id: 1, user: "admin", password: { prompt: true } }, io)).rejects.toThrow("SMC 1: its password is to be typed, and there is no terminal to ask on");
    const asked: string[] = [];
    expect(await readPassword({ id: 2, user: "op", password: { prompt: true } }, { ...io, prompt: async (q) => (asked.push(q), "typed") })).toBe("typed");
    expect(asked).toEqual(["password for op on SMC 2: "]);
  });
});

describe("tcp://", () => {
  it("the simulator's port with another terminal on it: the line is busy (exit 9), in words", async () => {
    const end = new Probe("t");
    const bridge = await bridgeUart(end, { port: 0 });
    const net = await import("node:net");
    const first = net.connect(bridge.port, "127.0.0.1");
    await new Promise((r) => first.once("connect", r));
    let err = "";
    const code = await main([`tcp://127.0.0.1:${bridge.port}`, "--no-dial", "--auth", "1:admin:pw-1", "status", "1"], { env: {}, stdout: { write: () => true }, stderr: { write: (t) => (err += t) } });
    first.destroy();
    bridge.close();
    expect(code).toBe(EXIT.busyLine);
    expect(err.split("\n").slice(1)).toEqual([
      "SMC 1: line lost: the line is busy: BUSY: another terminal is connected",
      "the call dropped: the line is busy: BUSY: another terminal is connected",
      "",
    ]);
  });
});

describe("the bin", () => {
  it("runs as a process: --help exits 0, a usage error exits 2 with one line on stderr", async () => {
    const { spawnSync } = await import("node:child_process");
    const bin = path.resolve(import.meta.dirname, "../host/console/bin.ts");
    const help = spawnSync(process.execPath, ["--import", "tsx", bin, "--help"], { encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: smc-console \[where\] \[options\] <command> \[args\]\n/);
    const usage = spawnSync(process.execPath, ["--import", "tsx", bin, "tcp://127.0.0.1:1", "status", "3"], { encoding: "utf8", input: "" });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toBe("smc-console: no credentials for SMC 3: add it to the site file or give --auth 3:USER\n");
  }, 20000);
});
