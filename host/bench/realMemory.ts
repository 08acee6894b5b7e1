// Variables in use on the real interpreter, the bundle booted from Storage
// as on a board (process.memory().usage, read on the board's REPL).
import type { UnitSettings } from "../sim/provision";
import { realDut } from "../dut/realDut";
import { crc16, hex } from "../../firmware/protocol";

const UNIT: UnitSettings = { id: 1, user: "admin", password: "bench-pass", salt: "0011223344556677", modem: "direct", modemBaud: 115200 };

async function usage(evaluate: (e: string) => Promise<string>): Promise<number> {
  // Collect garbage first, so the figure is what is held, not what is waiting.
  return Number(await evaluate("(process.memory(),process.memory().usage)"));
}

export async function varsAfterBoot(board: string): Promise<number> {
  // As deployed: a Hayes modem on UART1 (here silent: the driver backs off).
  const dut = await realDut(board, { ...UNIT, modem: "hayes" });
  try {
    await dut.waitConsole("BOOT SMC", 5000);
    return await usage(dut.evaluate);
  } finally {
    await dut.close();
  }
}

const MIX = ["STATUS", "HELP", "POWER STATE", "FROB", "@9 STATUS", "x".repeat(150), "RES\x01ET"];

/** Variables in use after boot and after `n` commands of every kind, on one unit. */
export async function varsAfterCommands(board: string, n: number): Promise<{ boot: number; after: number }> {
  const dut = await realDut(board, UNIT);
  try {
    await dut.waitConsole("BOOT SMC", 5000);
    dut.send("modem", "AUTH admin bench-pass\r");
    await dut.waitFor("modem", "OK\r\n");
    const boot = await usage(dut.evaluate);
    for (let i = 0; i < n; i++) {
      dut.clear("modem");
      if (i % 10 === 9) {
        const head = `!${i} POWER STATE`;
        dut.send("modem", head + "*" + hex(crc16(head), 4) + "\r");
        await dut.waitFor("modem", `!${i} OK*`);
      } else {
        dut.send("modem", MIX[i % MIX.length] + "\r");
        await dut.waitFor("modem", (t) => /(OK|ERR [^\r]*)\r\n$/.test(t));
      }
    }
    return { boot, after: await usage(dut.evaluate) };
  } finally {
    await dut.close();
  }
}
