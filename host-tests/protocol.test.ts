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
    const frames = [...doc.matchAll(/^(#[A-Z][0-9A-F]{24}[^*\n]*\*[0-9A-F]{8})\\n/gm)].map((m) => m[1].replace("\\x1e", "\x1e"));
    expect(frames.length).toBe(10);
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
    expect(parseCommand("status")).toEqual({ target: 0, verb: "STATUS", args: [] });
    expect(parseCommand("@12  power   on")).toEqual({ target: 12, verb: "POWER", args: ["on"] });
    expect(parseCommand("AUTH Admin Pw")).toEqual({ target: 0, verb: "AUTH", args: ["Admin", "Pw"] });
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
  it("counts ring cycles: events under a second apart merge, silence starts over", async () => {
    const { RingCounter } = await import("../firmware/modem");
    const r = new RingCounter(1000, 8000);
    expect([0, 400, 600, 3000, 3600, 6000].map((t) => r.ring(t))).toEqual([1, 1, 1, 2, 2, 3]);
    expect(r.ring(15000)).toBe(1);
  });
});

describe("error codes", () => {
  it("docs/protocol.md lists every code with the firmware's exact text", async () => {
    const { errText } = await import("../firmware/protocol");
    const doc = readFileSync(new URL("../docs/protocol.md", import.meta.url), "utf8");
    const rows = [...doc.matchAll(/^\| (\d+) \| ([^|]+) \|/gm)].map((m) => [Number(m[1]), m[2].trim()] as const);
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    for (const [code, text] of rows) expect(errText(code), `code ${code}`).toBe(text);
  });
  it("docs/troubleshooting.md explains every code, with the firmware's exact line", async () => {
    const { errLine } = await import("../firmware/protocol");
    const doc = readFileSync(new URL("../docs/troubleshooting.md", import.meta.url), "utf8");
    for (let code = 1; code <= 16; code++) expect(doc, `code ${code}`).toContain("`" + errLine(code) + "`");
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
