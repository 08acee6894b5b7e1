// The serial path: smc-console opens a real pseudo-terminal (socat) through
// the serialport package, to a simulated site running in real time, dials
// and reads, and hangs up on exit so that the SMC side sees the call end.
// A pty cannot carry DTR (the TIOCMSET ioctl is refused), so there the
// console's DTR drop is attempted, refused, and BYE ends the call; that
// DTR is dropped where a port has it is checked through serialport's
// mock binding, where set({dtr}) succeeds.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SerialPortMock } from "serialport";
import { afterEach, describe, expect, it } from "vitest";
import { Call } from "../host/console/call";
import { main } from "../host/console/cli";
import { dtrCalls, openSerial } from "../host/console/streams/serial";
import { loadedDeadline, waitFor } from "../host/real";
import { runInRealTime } from "../host/sim/realtime";
import { Site } from "../host/sim/site";
import { Bridge, bridgeUart } from "../host/sim/terminalBridge";
import { frame } from "../firmware/protocol";
import { board, events, siteFile } from "./support/consoleSite";

const haveSocat = spawnSync("socat", ["-V"]).status === 0;

let stop: (() => void) | undefined;
let bridge: Bridge | undefined;
let site: Site | undefined;
afterEach(() => {
  bridge?.close();
  stop?.();
  for (const u of site?.units ?? []) u.powerOff();
  bridge = undefined;
  stop = undefined;
  site = undefined;
});

/** A site in real time with its terminal on a pty; the modem (if any) answers at the first ring, 200 ms to connect. */
async function ptySite(dialled: boolean): Promise<{ pty: string }> {
  site = new Site({ size: 3, ring: false, board, firmware: { kind: "ts" }, servers: true, ...(dialled ? { modems: { units: [0], connectDelayMs: 200 }, answerRings: [1] } : {}) });
  site.powerOn();
  stop = runInRealTime(site.clock);
  const pty = path.join(mkdtempSync(path.join(tmpdir(), "smc-pty-")), "modem");
  bridge = await bridgeUart(site.terminal, { port: 0, ptyPath: pty });
  await waitFor(() => existsSync(pty), 500, () => `socat's pty ${pty}`);
  // Links up, modem initialised.
  const s = site;
  // The modem is ready 78 ms after boot; SMC 3's link to SMC 2 comes up with the first heartbeats.
  await waitFor(() => s.units[0].hw.console.output.includes(dialled ? "MODEM ready" : "LINK A up"), 500, () => s.units[0].hw.console.output);
  await waitFor(() => s.units[2].hw.console.output.includes("LINK B up"), 1500, () => s.units[2].hw.console.output);
  return { pty };
}

const run = async (argv: string[], env: Record<string, string>) => {
  let out = "";
  let err = "";
  const code = await main(argv, { env, stdout: { write: (t) => (out += t) }, stderr: { write: (t) => (err += t) } });
  return { code, out, err };
};

describe.skipIf(!haveSocat)("smc-console on a serial device (a pseudo-terminal pair made by socat)", () => {
  it("dials through the console-side modem, reads SMC 3, and on exit the SMC side sees the call end (BYE: the pty refuses DTR)", async () => {
    const { pty } = await ptySite(true);
    const s = siteFile({ ids: [1, 2, 3] });
    dtrCalls.length = 0;
    const r = await run([pty, "--site", s.file, "--baud", "9600", "status", "3", "--json"], s.env);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.call).toEqual({ where: pty, dialled: "5551234", connect: "CONNECT 9600", hangup: ["BYE", "closed"], lost: null });
    expect(doc.smcs.map((x: { id: number; outcome: string; power: string }) => [x.id, x.outcome, x.power])).toEqual([[3, "done", "OFF"]]);
    // The DTR drop was asked for and the pty refused it.
    expect(dtrCalls).toEqual([{ path: pty, dtr: false, ok: false }]);
    const st = site!;
    await waitFor(() => events(st, 0, "CALL").includes("ended: bye"), 500, () => st.units[0].hw.console.output);
    expect(events(st, 0, "CALL")).toEqual(["connected at 9600", "flags cleared: bye", "ended: bye"]);
    expect(events(st, 2, "LOGOUT")).toEqual(["call ended"]);
  });

  it("the bench test without a modem (null-modem cable): status all over the SMC's modem port, then BYE", async () => {
    const { pty } = await ptySite(false);
    const s = siteFile({ ids: [1, 2, 3], dial: null });
    const r = await run([pty, "--site", s.file, "status", "all"], s.env);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out.split("\n").map((l) => l.replace(/\s+\d+s\s+/, " Ns "))).toEqual([
      "ID  POWER  UPTIME  TEMP  INPUTS  LINKS             BOOTS  RESULT",
      " 1  OFF Ns 24.5  ok (2)  A:up(2) B:silent      1  ok",
      " 2  OFF Ns 24.5  ok (2)  A:up(3) B:up(1)       1  ok",
      " 3  OFF Ns 24.5  ok (2)  A:silent B:up(2)      1  ok",
      "",
    ]);
    const st = site!;
    await waitFor(() => events(st, 0, "LOGOUT").includes("bye"), 500, () => st.units[0].hw.console.output);
  });

  it("a serial device that is not there: exit 8, saying what to check", async () => {
    const r = await run(["/dev/serial/by-id/no-such-adapter", "--auth", "1:admin:x", "status", "1"], {});
    expect(r.code).toBe(8);
    expect(r.err).toMatch(/smc-console: cannot open \/dev\/serial\/by-id\/no-such-adapter: .*\(is the adapter plugged in\? ls \/dev\/serial\/by-id\/\)\n$/);
  });
});

describe("DTR on a port that has it (serialport's mock binding)", () => {
  it("hang-up: BYE, then set({dtr:false}), a pause, set({dtr:true}), then the port closes", async () => {
    const MockBinding = SerialPortMock.binding;
    MockBinding.createPort("/dev/ttyMOCK0", { echo: false, record: true });
    // An SMC behind the mock port that answers every framed request OK.
    class SmcOnMock extends SerialPortMock {
      constructor(o: { path: string; baudRate: number }) {
        super(o);
      }
      write(data: unknown, ...rest: unknown[]): boolean {
        const text = Buffer.from(data as Buffer).toString("latin1");
        const m = /^!(\d+) /.exec(text);
        if (m) setTimeout(() => (this.port as unknown as { emitData(d: string): void })?.emitData(frame(m[1], "OK")), 5);
        return super.write(data as Buffer, ...(rest as []));
      }
    }
    dtrCalls.length = 0;
    const stream = await openSerial("/dev/ttyMOCK0", { baud: 9600, SerialPortClass: SmcOnMock as never });
    const call = await Call.open(stream);
    const r = await call.hangup();
    expect(r).toEqual({ steps: ["BYE", "DTR", "closed"], wasLost: false });
    expect(dtrCalls).toEqual([
      { path: "/dev/ttyMOCK0", dtr: false, ok: true },
      { path: "/dev/ttyMOCK0", dtr: true, ok: true },
    ]);
    MockBinding.reset();
  });
});
