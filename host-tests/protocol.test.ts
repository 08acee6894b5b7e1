// Pure protocol pieces: framing, checksums, grammar, the line reader.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { crc16, crc32, decodeFrame, encodeFrame, frame, hex, LineReader, MAX_LINE, parseCommand, parseFramed } from "../firmware/protocol";

function reader() {
  const out = { echo: "", lines: [] as Array<[string, boolean, number]> };
  const r = new LineReader({ echo: (b) => (out.echo += b), line: (t, f, e) => out.lines.push([t, f, e]) });
  return { r, out };
}

describe("CRC-16/CCITT-FALSE", () => {
  it("gives the standard check value for 123456789", () => {
    expect(hex(crc16("123456789"), 4)).toBe("29B1");
    expect(hex(crc16(""), 4)).toBe("FFFF");
  });
});

describe("framed lines", () => {
  it("round-trip: a framed reply parses back to its seq and text", () => {
    const f = frame("12", "POWER ON");
    expect(f).toBe("!12 POWER ON*" + hex(crc16("!12 POWER ON"), 4) + "\r\n");
    expect(parseFramed(f.slice(0, -2))).toEqual({ seq: "12", body: "POWER ON" });
  });
  it("rejects a wrong CRC, a missing seq, a seq of letters or over 4 digits, a short CRC", () => {
    const good = frame("3", "STATUS").slice(0, -2);
    expect(parseFramed(good.replace("STATUS", "STATUZ"))).toBeUndefined();
    expect(parseFramed("! STATUS*0000")).toBeUndefined();
    expect(parseFramed("!ab STATUS*" + hex(crc16("!ab STATUS"), 4))).toBeUndefined();
    expect(parseFramed("!12345 STATUS*" + hex(crc16("!12345 STATUS"), 4))).toBeUndefined();
    expect(parseFramed(good.slice(0, -1))).toBeUndefined();
    expect(parseFramed(good.slice(0, -4) + good.slice(-4).toLowerCase())).toEqual({ seq: "3", body: "STATUS" });
  });
  it("the byte-exact examples in docs/protocol.md are right", () => {
    const doc = readFileSync(new URL("../docs/protocol.md", import.meta.url), "utf8");
    const frames = [...doc.matchAll(/[→←] (![0-9]+ [^*<]*\*[0-9A-F]{4})/g)].map((m) => m[1]);
    expect(frames.length).toBe(3);
    for (const f of frames) expect(parseFramed(f), f).toBeDefined();
    expect(doc).toContain("`" + frame("0", "ERR 5 bad checksum").slice(0, -2) + "`");
  });
});

describe("link frames", () => {
  it("the byte-exact examples in docs/protocol.md decode, and re-encode to the same bytes", () => {
    const doc = readFileSync(new URL("../docs/protocol.md", import.meta.url), "utf8");
    const frames = [...doc.matchAll(/^(#[A-Za-z][0-9A-F]{24}[^*\n]*\*[0-9A-F]{8})\\n/gm)].map((m) => m[1].replace("\\x1e", "\x1e"));
    // Twelve hop by hop, three in cut-through (the answer acknowledges the request), four for a late answer, four of a splice.
    expect(frames.length).toBe(23);
    for (const text of frames) {
      const f = decodeFrame(text, crc32);
      expect(f, text).toBeDefined();
      expect(encodeFrame(f!, crc32)).toBe(text + "\n");
    }
  });
  it("rejects a flipped bit, a short CRC, and fields that are not upper-case hex", () => {
    const good = encodeFrame({ kind: "Q", seq: 1, hops: 2, call: 3, src: 4, dst: 5, req: 6, payload: "STATUS" }, crc32).slice(0, -1);
    expect(decodeFrame(good, crc32)).toEqual({ kind: "Q", seq: 1, hops: 2, call: 3, src: 4, dst: 5, req: 6, payload: "STATUS" });
    expect(decodeFrame(good.replace("STATUS", "STATUT"), crc32)).toBeUndefined();
    expect(decodeFrame(good.slice(0, -1), crc32)).toBeUndefined();
    const lower = "#Q01020000000304050000000a";
    expect(decodeFrame(lower + "*" + hex(crc32(lower), 8), crc32)).toBeUndefined();
  });
  it("a frame passed on as it came (w) gets the same bytes as one encoded from its fields", () => {
    const f = { kind: "R", seq: 7, hops: 2, call: 0xfedcba98, src: 250, dst: 1, req: 0x12345678, payload: "POWER OFF\x1eOK" };
    const came = encodeFrame(f, crc32).slice(0, -1);
    const g = { ...decodeFrame(came, crc32)!, w: came };
    g.seq = 9;
    g.hops++;
    expect(encodeFrame(g, crc32)).toBe(encodeFrame({ ...f, seq: 9, hops: 3 }, crc32));
  });
  it("call and request numbers carry 32 bits", () => {
    const f = { kind: "Q", seq: 255, hops: 63, call: 0xfedcba98, src: 250, dst: 1, req: 0xffffffff, payload: "RESET" };
    const text = encodeFrame(f, crc32);
    expect(text.startsWith("#QFF3FFEDCBA98FA01FFFFFFFFRESET*")).toBe(true);
    expect(decodeFrame(text.slice(0, -1), crc32)).toEqual(f);
  });
  it("CRC-32 matches the standard check value", () => {
    expect(hex(crc32("123456789"), 8)).toBe("CBF43926");
  });
});

describe("command grammar", () => {
  it("parses verb, arguments and an optional target ID", () => {
    expect(parseCommand("status")).toEqual({ target: 0, verb: "STATUS", args: [], line: "STATUS", head: false });
    expect(parseCommand("@12  power   on")).toEqual({ target: 12, verb: "POWER", args: ["on"], line: "POWER on", head: false });
    expect(parseCommand("AUTH Admin Pw")).toEqual({ target: 0, verb: "AUTH", args: ["Admin", "Pw"], line: "AUTH Admin Pw", head: true });
  });
  it("checks every verb's number of arguments: ERR 2 for too few or too many", () => {
    // [verb, least, most] as docs/protocol.md's command table gives them.
    const arity: Array<[string, number, number]> = [
      ["HELP", 0, 0],
      ["AUTH", 2, 4],
      ["CHAL", 0, 0],
      ["STATUS", 0, 0],
      ["RESET", 0, 0],
      ["POWER", 1, 1],
      ["READ", 1, 1],
      ["DIAG", 0, 0],
      ["LOG", 0, 2],
      ["CONFIG", 0, 5],
      ["MAP", 0, 1],
      ["TIME", 0, 1],
      ["LOGOUT", 0, 0],
      ["BYE", 0, 0],
    ];
    for (const [verb, least, most] of arity) {
      for (let n = 0; n <= most + 2; n++) {
        const args = Array.from({ length: n }, (_, i) => "a" + i);
        const got = parseCommand([verb.toLowerCase(), ...args].join(" "));
        if (n < least || n > most) expect(got, `${verb} with ${n}`).toBe(2);
        else expect(got, `${verb} with ${n}`).toEqual({ target: 0, verb, args, line: [verb, ...args].join(" "), head: ["AUTH", "CHAL", "MAP", "TIME", "LOGOUT", "BYE"].includes(verb) });
      }
    }
    expect(parseCommand("RESET now")).toBe(2);
    expect(parseCommand("@3 STATUS please")).toBe(2);
  });
  it("refuses a second @id, and an @id before a command the console's SMC runs itself", () => {
    expect(parseCommand("@4 @8 STATUS")).toBe(2);
    expect(parseCommand("@4 @99 POWER STATE")).toBe(2);
    expect(parseCommand("@4 @x")).toBe(2);
    for (const line of ["@3 AUTH admin pw", "@3 MAP", "@3 LOGOUT", "@3 BYE"]) expect(parseCommand(line), line).toBe(2);
    expect(parseCommand("@3 HELP")).toEqual({ target: 3, verb: "HELP", args: [], line: "HELP", head: false });
  });
  it("knows no verb but the commands: not a prefix, not the table's own punctuation", () => {
    for (const line of ["LO", "LOGOUTS", "STATUS:00", "HELP:00|AUTH", "|HELP", ":", "AUTH:22c x y", "MAP:01c"]) expect(parseCommand(line), line).toBe(1);
  });
  it("refuses a bad ID and an empty command", () => {
    expect(parseCommand("@ STATUS")).toBe(2);
    expect(parseCommand("@0 STATUS")).toBe(2);
    expect(parseCommand("@251 STATUS")).toBe(2);
    expect(parseCommand("@1x STATUS")).toBe(2);
    expect(parseCommand("@5")).toBe(1);
    expect(parseCommand("   ")).toBe(1);
  });
});

describe("line reader", () => {
  it("keeps at most MAX_LINE bytes and flags the line as too long", () => {
    const { r, out } = reader();
    r.feed("A".repeat(MAX_LINE + 50) + "\r");
    expect(out.lines).toEqual([["A".repeat(MAX_LINE), false, 3]]);
    expect(out.echo).toBe("A".repeat(MAX_LINE) + "\r\n");
  });
  it("accepts exactly MAX_LINE bytes", () => {
    const { r, out } = reader();
    r.feed("B".repeat(MAX_LINE) + "\n");
    expect(out.lines).toEqual([["B".repeat(MAX_LINE), false, 0]]);
  });
  it("treats CR LF as one ending and lone LF as an ending", () => {
    const { r, out } = reader();
    r.feed("A\r\nB\nC\r");
    expect(out.lines.map((l) => l[0])).toEqual(["A", "B", "C"]);
  });
  it("does not echo framed lines and marks them framed", () => {
    const { r, out } = reader();
    r.feed("!1 X*0000\r");
    expect(out.echo).toBe("");
    expect(out.lines).toEqual([["!1 X*0000", true, 0]]);
  });
  it("flags control and high bytes without echoing them, in any chunking", () => {
    const { r, out } = reader();
    for (const ch of "A\x00B\x1bC\x80D\r") r.feed(ch);
    expect(out.lines).toEqual([["ABCD", false, 4]]);
    expect(out.echo).toBe("ABCD\r\n");
  });
  it("swallows a terminal's whole escape sequences in a typed line: CSI, SS3, with parameters", () => {
    const { r, out } = reader();
    // Up arrow (CSI and SS3 forms), Delete (CSI 3 ~), F5 (CSI 15 ~), a mouse-free parameter list.
    r.feed("STATU\x1b[AS\x1bOA\x1b[3~\x1b[15~\x1b[1;5D\r");
    expect(out.lines).toEqual([["STATUS", false, 0]]);
    expect(out.echo).toBe("STATUS\r\n");
  });
  it("swallows an escape sequence split across chunks, byte by byte", () => {
    const { r, out } = reader();
    for (const ch of "HE\x1b[1;2BLP\r") r.feed(ch);
    expect(out.lines).toEqual([["HELP", false, 0]]);
    expect(out.echo).toBe("HELP\r\n");
  });
  it("an escape at the start of a line leaves the line to start afresh: a framed line after it is framed", () => {
    const { r, out } = reader();
    r.feed("\x1b[A\r");
    expect(out.lines).toEqual([]);
    expect(out.echo).toBe("\r\n");
    r.feed("\x1b[B!1 X*0000\r");
    expect(out.lines).toEqual([["!1 X*0000", true, 0]]);
  });
  it("a lone ESC, ESC and another byte, an unfinished or overlong sequence spoil the line (ERR 4)", () => {
    for (const [input, text] of [
      ["A\x1b\r", "A"],
      ["A\x1bxB\r", "AxB"],
      ["A\x1b[1\r", "A"],
      ["A\x1b[" + "1".repeat(17) + "m\r", "A1m"],
    ] as const) {
      const { r, out } = reader();
      r.feed(input);
      expect(out.lines, JSON.stringify(input)).toEqual([[text, false, 4]]);
      expect(out.echo).toBe(text + "\r\n");
    }
    // 16 parameter bytes are still one sequence.
    const { r, out } = reader();
    r.feed("A\x1b[" + "1".repeat(16) + "m\r");
    expect(out.lines).toEqual([["A", false, 0]]);
  });
  it("Ctrl-U erases the typed line: BS SP BS per byte echoed, and the line starts afresh", () => {
    const { r, out } = reader();
    r.feed("RESET\x15");
    expect(out.echo).toBe("RESET" + "\b \b".repeat(5));
    r.feed("HELP\r");
    expect(out.lines).toEqual([["HELP", false, 0]]);
    expect(out.echo).toBe("RESET" + "\b \b".repeat(5) + "HELP\r\n");
  });
  it("Ctrl-U also clears a control byte's fault and a too-long line", () => {
    const { r, out } = reader();
    r.feed("A\x01B\x15C\r");
    expect(out.lines).toEqual([["C", false, 0]]);
    expect(out.echo).toBe("AB\b \b\b \bC\r\n");
    const long = reader();
    long.r.feed("x".repeat(MAX_LINE + 5) + "\x15OK\r");
    expect(long.out.lines).toEqual([["OK", false, 0]]);
    expect(long.out.echo).toBe("x".repeat(MAX_LINE) + "\b \b".repeat(MAX_LINE) + "OK\r\n");
    // On an empty line it echoes nothing, and an Enter after it is an empty line.
    const empty = reader();
    empty.r.feed("\x15\r");
    expect(empty.out.echo).toBe("\r\n");
    expect(empty.out.lines).toEqual([]);
  });
  it("Ctrl-C abandons the typed line at once: ^C and a new line, no line delivered", () => {
    const { r, out } = reader();
    r.feed("RESET\x03");
    expect(out.echo).toBe("RESET^C\r\n");
    expect(out.lines).toEqual([]);
    r.feed("\r");
    expect(out.lines).toEqual([]);
    r.feed("POWER STATE\r");
    expect(out.lines).toEqual([["POWER STATE", false, 0]]);
    expect(out.echo).toBe("RESET^C\r\n\r\nPOWER STATE\r\n");
    const start = reader();
    start.r.feed("\x03");
    expect(start.out.echo).toBe("^C\r\n");
  });
  it("Tab in a typed line is a space", () => {
    const { r, out } = reader();
    r.feed("AUTH\tadmin\t\tpw\r");
    expect(out.lines).toEqual([["AUTH admin  pw", false, 0]]);
    expect(out.echo).toBe("AUTH admin  **\r\n");
  });
  it("a password is echoed as *: AUTH, AUTH HMAC, CONFIG PASSWORD, [SYS PWD], with an @id, in any case; the line itself is as typed", () => {
    for (const [typed, echo] of [
      ["AUTH admin s3cret", "AUTH admin ******"],
      ["auth  oper  pw x", "auth  oper  ** x"],
      ["AUTH HMAC admin 0123456789abcdef", "AUTH HMAC admin ****************"],
      ["@3 CONFIG PASSWORD n3w-pw CONFIRM", "@3 CONFIG PASSWORD ****** CONFIRM"],
      ["config password abc", "config password ***"],
      ["[SYS PWD -U admin pw-1]", "[SYS PWD -U admin ****]"],
      ["[SYS PWD -N pw-1]", "[SYS PWD -N ****]"],
      ["[SYS PWD -X]", "[SYS PWD -X]"],
      ["CONFIG USER admin CONFIRM", "CONFIG USER admin CONFIRM"],
      ["STATUS AUTH admin pw", "STATUS AUTH admin pw"],
      ["@3 AUTH admin pw", "@3 AUTH admin **"],
    ] as const) {
      const { r, out } = reader();
      r.feed(typed + "\r");
      expect(out.lines, typed).toEqual([[typed, false, 0]]);
      expect(out.echo, typed).toBe(echo + "\r\n");
    }
  });
  it("a password erased back to the user name and typed again masks as typed; Ctrl-U erases the stars", () => {
    const { r, out } = reader();
    r.feed("AUTH adm pw\b\b\bin pw\r");
    expect(out.lines).toEqual([["AUTH admin pw", false, 0]]);
    expect(out.echo).toBe("AUTH adm **\b \b\b \b\b \bin **\r\n");
    const u = reader();
    u.r.feed("AUTH a pw\x15");
    expect(u.out.echo).toBe("AUTH a **" + "\b \b".repeat(9));
  });
  it("framed lines are not edited: ESC, Ctrl-C, Ctrl-U, Tab, BS are control bytes there (ERR 4)", () => {
    for (const b of ["\x1b[A", "\x03", "\x15", "\t", "\b", "\x7f"]) {
      const { r, out } = reader();
      r.feed("!1 ST" + b + "ATUS*0000\r");
      expect(out.lines, JSON.stringify(b)).toEqual([[b === "\x1b[A" ? "!1 ST[AATUS*0000" : "!1 STATUS*0000", true, 4]]);
      expect(out.echo).toBe("");
    }
  });
  it("framed lines in any chunking, several per chunk, too long, with CR LF between them", () => {
    const text = "!12 POWER STATE*ABCD\r\n!13 STATUS*1234\n";
    for (const size of [1, 3, 7, text.length]) {
      const { r, out } = reader();
      for (let i = 0; i < text.length; i += size) r.feed(text.substr(i, size));
      expect(out.lines, `chunks of ${size}`).toEqual([
        ["!12 POWER STATE*ABCD", true, 0],
        ["!13 STATUS*1234", true, 0],
      ]);
      expect(out.echo).toBe("");
    }
    const { r, out } = reader();
    r.feed("!" + "9".repeat(MAX_LINE + 10));
    r.feed("9\x01\rSTATUS\r");
    expect(out.lines).toEqual([
      ["!" + "9".repeat(MAX_LINE - 1), true, 3],
      ["STATUS", false, 0],
    ]);
    expect(out.echo).toBe("STATUS\r\n");
    // A control byte counts for no length: the line is spoiled by it alone.
    const c = reader();
    c.r.feed("!" + "8".repeat(MAX_LINE - 1) + "\x00\x00\r");
    expect(c.out.lines).toEqual([["!" + "8".repeat(MAX_LINE - 1), true, 4]]);
  });
  it("backspace at the start of a line does nothing", () => {
    const { r, out } = reader();
    r.feed("\b\x7fOK\r");
    expect(out.lines).toEqual([["OK", false, 0]]);
    expect(out.echo).toBe("OK\r\n");
  });
});

describe("modem result codes", () => {
  it("reads verbal and numeric codes, with and without a rate, and nothing else", async () => {
    const { parseResult, Result } = await import("../firmware/modem");
    const cases: Array<[string, number, number]> = [
      ["OK", Result.Ok, 0],
      ["0", Result.Ok, 0],
      ["CONNECT", Result.Connect, 0],
      ["CONNECT 9600", Result.Connect, 9600],
      ["CONNECT 33600/ARQ", Result.Connect, 33600],
      ["1", Result.Connect, 0],
      ["5", Result.Connect, 0],
      ["12", Result.Connect, 0],
      ["RING", Result.Ring, 0],
      ["2", Result.Ring, 0],
      ["NO CARRIER", Result.NoCarrier, 0],
      ["3", Result.NoCarrier, 0],
      ["ERROR", Result.Error, 0],
      ["4", Result.Error, 0],
      ["NO DIALTONE", Result.NoDialtone, 0],
      ["BUSY", Result.Busy, 0],
      ["7", Result.Busy, 0],
      ["NO ANSWER", Result.NoAnswer, 0],
      ["8", Result.NoAnswer, 0],
      ["  ok ", Result.Ok, 0],
      ["ATZ", Result.None, 0],
      ["RINGO", Result.None, 0],
      ["CONNECTED", Result.None, 0],
      ["", Result.None, 0],
    ];
    for (const [line, code, rate] of cases) expect(parseResult(line), line).toEqual({ code, rate });
  });
  it("reads the wall clock a pass-through SMC's imitated modem adds to CONNECT (T and Unix seconds), nothing else as one", async () => {
    const { parseResult, Result } = await import("../firmware/modem");
    expect(parseResult("CONNECT 9600 T1796133600")).toEqual({ code: Result.Connect, rate: 9600, t: 1796133600 });
    expect(parseResult("connect 9600 t4294967295")).toEqual({ code: Result.Connect, rate: 9600, t: 4294967295 });
    for (const line of ["CONNECT 9600 T12", "CONNECT 9600 T4294967296", "CONNECT 9600 T17961336x0", "CONNECT 9600 T 1796133600", "CONNECT 9600 T01796133600", "CONNECT T1796133600", "CONNECT 33600/ARQ/V34/LAPM"])
      expect(parseResult(line).t, line).toBeUndefined();
  });
  it("counts ring cycles: events under a second apart merge, silence starts over", async () => {
    const { countRing } = await import("../firmware/modem");
    const r = { n: 0, last: -1e15, st: -1e15, pd: 0 };
    const t = { ringMergeMs: 1000, ringSilenceMs: 8000 };
    expect([0, 400, 600, 3000, 3600, 6000].map((at) => countRing(r, at, t))).toEqual([1, 1, 1, 2, 2, 3]);
    expect(countRing(r, 15000, t)).toBe(1);
  });
});

describe("HELP and docs/protocol.md", () => {
  it("HELP's CONFIG line and the command table give the same forms, CONFIRM included", async () => {
    const { HELP } = await import("./scenarios/terminal");
    const doc = readFileSync(new URL("../docs/protocol.md", import.meta.url), "utf8");
    const row = doc.split("\n").find((l) => l.startsWith("| `CONFIG SHOW`"))!;
    const forms = HELP.find((l) => l.startsWith("[@id] CONFIG "))!.substr("[@id] CONFIG ".length).split("|");
    expect(forms).toContain("PASSWORD <new> CONFIRM");
    expect(forms).toContain("USER <name> CONFIRM");
    const documented = [...row.split(" | ")[0].matchAll(/`([^`]+)`/g)].map((m) => m[1].replace(/^CONFIG /, ""));
    expect(documented).toEqual(forms);
  });
});

describe("error codes", () => {
  it("docs/protocol.md lists every code with the firmware's exact text", async () => {
    const { errText } = await import("../firmware/protocol");
    const doc = readFileSync(new URL("../docs/protocol.md", import.meta.url), "utf8");
    const rows = [...doc.matchAll(/^\| (\d+) \| ([^|]+) \|/gm)].map((m) => [Number(m[1]), m[2].trim()] as const);
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    for (const [code, text] of rows) expect(errText(code), `code ${code}`).toBe(text);
  });
  it("docs/troubleshooting.md explains every code, with the firmware's exact line", async () => {
    const { errLine } = await import("../firmware/protocol");
    const doc = readFileSync(new URL("../docs/troubleshooting.md", import.meta.url), "utf8");
    for (let code = 1; code <= 17; code++) expect(doc, `code ${code}`).toContain("`" + errLine(code) + "`");
  });
});

describe("event-log codes", () => {
  it("docs/protocol.md lists exactly the codes the firmware writes", () => {
    const dir = new URL("../firmware/", import.meta.url);
    const used = new Set<string>();
    for (const f of readdirSync(dir, { recursive: true }) as string[]) {
      if (!f.endsWith(".ts")) continue;
      const src = readFileSync(new URL(f, dir), "utf8");
      for (const m of src.matchAll(/\b(?:\.add|log)\("([A-Z]+)",/g)) used.add(m[1]);
    }
    const doc = readFileSync(new URL("../docs/protocol.md", import.meta.url), "utf8");
    const section = doc.slice(doc.indexOf("## The event log"), doc.indexOf("## Security notes"));
    const documented = [...section.matchAll(/^\| `([A-Z]+)` \|/gm)].map((m) => m[1]);
    expect(used.size).toBeGreaterThan(10);
    expect([...documented].sort()).toEqual([...used].sort());
  });
});
