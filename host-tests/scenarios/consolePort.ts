// The console port's answers to framed lines it cannot run (queue full,
// spoiled line): with the request's seq wherever the line's CRC checks, 0
// where it cannot be trusted. Run on every backend. The CRC-16 here is
// written from its specification, not taken from the firmware.
import { expect } from "vitest";
import type { Dut } from "../../host/dut/dut";
import { login } from "./common";
import type { Scenario } from "./terminal";

/** CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final XOR. */
function crc16(s: string): string {
  let crc = 0xffff;
  for (let i = 0; i < s.length; i++) {
    crc ^= s.charCodeAt(i) << 8;
    for (let b = 0; b < 8; b++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, "0");
}

export const framed = (seq: string, text: string) => `!${seq} ${text}*${crc16(`!${seq} ${text}`)}`;
export const reply = (seq: string, text: string) => framed(seq, text) + "\r\n";

async function settle(dut: Dut, needle: string, ms: number): Promise<string> {
  return dut.waitFor("modem", needle, ms);
}

export const consolePortScenarios: Scenario[] = [
  {
    name: "ERR 9 busy to a framed request answers with that request's seq",
    async run(dut) {
      expect(crc16("123456789")).toBe("29B1");
      await login(dut);
      dut.clear("modem");
      // POWER ON with no server behind: it runs until power-good's time-out
      // (ERR 12); four lines queue behind it, the sixth is refused.
      const lines = [framed("1", "POWER ON"), ...["2", "3", "4", "5", "6"].map((s) => framed(s, "POWER STATE"))];
      dut.send("modem", lines.join("\r") + "\r");
      await settle(dut, reply("6", "ERR 9 busy"), 2000);
      expect(dut.text("modem")).toBe(reply("6", "ERR 9 busy"));
      await settle(dut, reply("5", "OK"), dut.config.t.pressMs + dut.config.t.powerGoodMs + 5000);
      expect(dut.text("modem")).toBe(
        reply("6", "ERR 9 busy") +
          reply("1", "POWER OFF") +
          reply("1", "ERR 12 power state did not change") +
          ["2", "3", "4", "5"].map((s) => reply(s, "POWER OFF") + reply(s, "OK")).join(""),
      );
    },
  },
  {
    name: "spoiled framed lines: ERR 4 with the seq when the rest of the line checks, seq 0 where it cannot be checked; not kept for a retry",
    async run(dut) {
      dut.clear("modem");
      // A control byte in a line whose CRC still checks without it.
      const help = framed("12", "HELP");
      dut.send("modem", help.substr(0, 4) + "\x01" + help.substr(4) + "\r");
      await settle(dut, "\r\n", 2000);
      expect(dut.text("modem")).toBe(reply("12", "ERR 4 control character"));
      // The same seq, clean: it runs (a spoiled line is not a reply to repeat).
      dut.clear("modem");
      dut.send("modem", help + "\r");
      await settle(dut, reply("12", "OK"), 3000);
      expect(dut.text("modem").startsWith(reply("12", "HELP") + reply("12", "AUTH <user> <password>"))).toBe(true);
      // Too long: the line's end, its CRC included, was never kept.
      dut.clear("modem");
      dut.send("modem", framed("13", "AUTH admin " + "x".repeat(120)) + "\r");
      await settle(dut, "\r\n", 2000);
      expect(dut.text("modem")).toBe(reply("0", "ERR 3 line too long"));
      // A control byte in a line whose CRC does not check: seq 0.
      dut.clear("modem");
      dut.send("modem", "!14 HE\x01LP*0000\r");
      await settle(dut, "\r\n", 2000);
      expect(dut.text("modem")).toBe(reply("0", "ERR 4 control character"));
    },
  },
];
