// The Terminal Mode codec (firmware/protocol/ipmiTerm.ts) against the lines
// Debian's ipmitool 1.8.19 sent (host-tests/fixtures/ipmi/captures.json,
// made by capture.mjs beside it, each with the command that produced it).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ipmiTerm } from "../firmware/protocol";

interface Capture {
  command: string;
  sent: string[];
  answered: string[];
  exit: number;
  stdout: string;
}
const captures: Capture[] = JSON.parse(readFileSync(new URL("./fixtures/ipmi/captures.json", import.meta.url), "utf8"));
const byCmd = (tail: string) => captures.find((c) => c.command.endsWith(" " + tail))!;

describe("IPMI Terminal Mode codec", () => {
  it("decodes every request ipmitool sent, probes first", () => {
    for (const c of captures) {
      for (const line of c.sent) expect(Array.isArray(ipmiTerm(line)), line).toBe(true);
      // ipmitool probes PICMG, then VITA (netFn 0x2C, cmd 0) before any command.
      expect(ipmiTerm(c.sent[0])).toEqual([0xb0, 0x04, 0x00, 0x00]);
      expect(ipmiTerm(c.sent[1])).toEqual([0xb0, 0x08, 0x00, 0x03]);
    }
    expect(ipmiTerm(byCmd("mc info").sent[2])).toEqual([0x18, 0x0c, 0x01]);
    expect(ipmiTerm(byCmd("chassis status").sent[2])).toEqual([0x00, 0x0c, 0x01]);
    const ctl: [string, number][] = [["off", 0], ["on", 1], ["cycle", 2], ["reset", 3], ["soft", 5]];
    for (const [w, v] of ctl) expect(ipmiTerm(byCmd("chassis power " + w).sent[2])).toEqual([0x00, 0x0c, 0x02, v]);
    // The first request of the others: Get Self Test Results, Get SEL Info, Get Device ID then Get SDR Repository Info, Chassis Identify.
    expect(ipmiTerm(byCmd("mc selftest").sent[2])).toEqual([0x18, 0x0c, 0x04]);
    expect(ipmiTerm(byCmd("sel list").sent[2])).toEqual([0x28, 0x0c, 0x40]);
    expect(byCmd("sdr list").sent.slice(2).map((l) => ipmiTerm(l))).toEqual([[0x18, 0x0c, 0x01], [0x28, 0x10, 0x20]]);
    expect(ipmiTerm(byCmd("chassis identify").sent[2])).toEqual([0x00, 0x0c, 0x04]);
    // Chassis Identify: the interval (5, 0), force (interval 0, force bit), no data (15 s).
    expect(ipmiTerm(byCmd("chassis identify 5").sent[2])).toEqual([0x00, 0x0c, 0x04, 0x05]);
    expect(ipmiTerm(byCmd("chassis identify force").sent[2])).toEqual([0x00, 0x0c, 0x04, 0x00, 0x01]);
    expect(ipmiTerm(byCmd("chassis identify 0").sent[2])).toEqual([0x00, 0x0c, 0x04, 0x00]);
    expect(byCmd("chassis identify 5").stdout).toBe("Chassis identify interval: 5 seconds\n");
    // Bridged (-t 0x24): Send Message, channel 0 with tracking, then the IPMB request.
    expect(ipmiTerm(byCmd("-t 0x24 chassis status").sent[2])).toEqual([0x18, 0x0c, 0x34, 0x40, 0x24, 0x00, 0xdc, 0x20, 0x0c, 0x01, 0xd3]);
  });

  it("encodes answers in the form ipmitool read (and decodes its own output)", () => {
    const a = byCmd("chassis status").answered[2];
    const bytes = ipmiTerm(a) as number[];
    expect(ipmiTerm(bytes)).toBe(a);
    expect(ipmiTerm([0x1c, 0x0c, 0x01, 0x00, 0xd3])).toBe("[1C 0C 01 00 D3]");
  });

  it("unwraps ipmitool's one- and two-level Send Messages (-t; -T with -t) and wraps the answer in the form it read", () => {
    const cases: [string, number[][], number[]][] = [
      ["-t 0x24 chassis status", [[0x18, 0x0c, 0x34], [0x20, 0x00, 0x24, 0x0c, 0x01]], [0x00, 0x0c, 0x01]],
      ["-b 0 -t 0x24 mc info", [[0x18, 0x0c, 0x34], [0x20, 0x18, 0x24, 0x0c, 0x01]], [0x18, 0x0c, 0x01]],
      ["-T 0x24 -t 0x26 chassis status", [[0x18, 0x0c, 0x34], [0x20, 0x18, 0x24, 0x0c, 0x34], [0x20, 0x00, 0x26, 0x0c, 0x01]], [0x00, 0x0c, 0x01]],
      ["-B 0 -T 0x24 -b 0 -t 0x26 mc info", [[0x18, 0x0c, 0x34], [0x20, 0x18, 0x24, 0x0c, 0x34], [0x20, 0x18, 0x26, 0x0c, 0x01]], [0x18, 0x0c, 0x01]],
    ];
    for (const [cmd, levels, inner] of cases) {
      const c = byCmd(cmd);
      const lv: number[][] = [];
      expect(ipmiTerm(c.sent[2], lv), cmd).toEqual(inner);
      expect(lv, cmd).toEqual(levels);
      // The innermost answer (completion code, data), wrapped in every level: what ipmitool read and printed from.
      const a = ipmiTerm(c.answered[2]) as number[];
      const innermost = a.slice(a.length - (levels.length === 2 ? 1 : 2) - (inner[0] === 0x18 ? 12 : 4), a.length - (levels.length === 2 ? 1 : 2));
      expect(ipmiTerm(innermost, lv), cmd).toBe(c.answered[2]);
      expect(c.exit, cmd).toBe(0);
    }
    // A level's own refusal: the Send Message's code alone (83 from the head), or inside the transit's response.
    const lv: number[][] = [];
    ipmiTerm(byCmd("-T 0x24 -t 0x26 chassis status").sent[2], lv);
    expect(ipmiTerm([0x83], lv.slice(0, 1))).toBe("[1C 0C 34 83]");
    expect(ipmiTerm([0x83], lv.slice(0, 2))).toBe("[1C 0C 34 00 20 1C C4 24 0C 34 83 19]");
  });

  it("refuses a bridged message that is damaged: a bad IPMB checksum (Err 5), too short or not channel 0 (CC, the Send Message's code)", () => {
    const good = "[180c34402400dc200c01d3]";
    expect(ipmiTerm(good.replace("d3]", "d4]"), [])).toBe(5);
    expect(ipmiTerm(good.replace("dc20", "dd20"), [])).toBe(5);
    expect(ipmiTerm("[180c34402400dc200c]", [])).toBe(0xcc);
    expect(ipmiTerm(good.replace("3440", "3441"), [])).toBe(0xcc);
    // Three levels: ipmitool never sends them; CC.
    const lv: number[][] = [];
    const two = byCmd("-T 0x24 -t 0x26 chassis status").sent[2];
    expect(ipmiTerm(two, lv)).toEqual([0x00, 0x0c, 0x01]);
    // Without lv a Send Message is plain bytes.
    expect((ipmiTerm(two) as number[]).length).toBe(19);
  });

  it("refuses what is not a message: not hex, odd digits, a space inside a pair, too short, no brackets", () => {
    for (const bad of ["[18 0c 0g]", "[180c0]", "[18 0 c01]", "[180c]", "[]", "180c01]", "[180c01", "[18\t0c01]"]) expect(ipmiTerm(bad), bad).toBe(2);
    expect(ipmiTerm("[18 0C 01]")).toEqual([0x18, 0x0c, 0x01]);
  });
});
