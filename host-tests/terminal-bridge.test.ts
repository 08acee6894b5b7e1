// The simulator's door for a person's terminal (host/sim/terminalBridge.ts):
// bytes both ways over TCP, one terminal per line (a second one is told the
// line is busy), and, where socat exists, a pseudo-terminal link that is
// gone again after close. A terminal that goes away is a hang-up, on TCP
// and on the pseudo-terminal. Waits for socket events, never for time.
import { closeSync, constants, existsSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { Bridge, bridgeUart } from "../host/sim/terminalBridge";
import { UartEnd } from "../host/sim/wire";
import { waitFor } from "../host/real";

const hasSocat = spawnSync("sh", ["-c", "command -v socat"]).status === 0;

function connect(port: number): Promise<{ socket: net.Socket; text: () => string; closed: () => boolean }> {
  return new Promise((resolve, reject) => {
    let got = "";
    let closed = false;
    const socket = net.connect(port, "127.0.0.1", () => resolve({ socket, text: () => got, closed: () => closed }));
    socket.on("data", (d) => (got += d.toString("latin1")));
    socket.on("close", () => (closed = true));
    socket.on("error", reject);
  });
}

describe("the terminal bridge", () => {
  let bridge: Bridge | undefined;
  let dir = "";
  afterEach(() => {
    bridge?.close();
    bridge = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = "";
  });

  it("carries bytes both ways, turns a second terminal away, and removes its pseudo-terminal link on close", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "smc-bridge-"));
    const end = new UartEnd("modem");
    let fromTerminal = "";
    // What the terminal types arrives as writes on the simulated UART.
    end.write = (bytes: string) => void (fromTerminal += bytes);
    const link = path.join(dir, "tty");
    bridge = await bridgeUart(end, { port: 0, ptyPath: link });
    const first = await connect(bridge.port);
    first.socket.write("ATDT5551234\r");
    await waitFor(() => fromTerminal === "ATDT5551234\r", 5000, "the typed line on the UART");
    end.deliver("\r\nCONNECT 9600\r\n");
    await waitFor(() => first.text() === "\r\nCONNECT 9600\r\n", 5000, "the modem's answer at the terminal");

    const second = await connect(bridge.port);
    await waitFor(() => second.closed(), 5000, "the second terminal turned away");
    expect(second.text()).toBe("BUSY: another terminal is connected\r\n");
    expect(fromTerminal).toBe("ATDT5551234\r");

    if (hasSocat) {
      expect(bridge.ptyPath).toBe(link);
      await waitFor(() => existsSync(link), 5000, "the pseudo-terminal link");
    }
    first.socket.destroy();
    bridge.close();
    bridge = undefined;
    expect(existsSync(link)).toBe(false);
  });

  it("reports a closed terminal as a hang-up once, and lets the next terminal in", async () => {
    const end = new UartEnd("modem");
    let fromTerminal = "";
    end.write = (bytes: string) => void (fromTerminal += bytes);
    let hangups = 0;
    bridge = await bridgeUart(end, { port: 0, onHangup: () => hangups++ });
    const first = await connect(bridge.port);
    first.socket.write("AT\r");
    await waitFor(() => fromTerminal === "AT\r", 5000, "the typed line on the UART");
    expect(hangups).toBe(0);
    first.socket.destroy();
    await waitFor(() => hangups === 1, 5000, "the hang-up");
    const next = await connect(bridge.port);
    next.socket.write("ATI\r");
    await waitFor(() => fromTerminal === "AT\rATI\r", 5000, "the next terminal's line on the UART");
    expect(next.text()).toBe("");
    // A terminal turned away as busy hangs up nothing.
    const busy = await connect(bridge.port);
    await waitFor(() => busy.closed(), 5000, "the busy terminal turned away");
    expect(hangups).toBe(1);
    next.socket.destroy();
    await waitFor(() => hangups === 2, 5000, "the second hang-up");
  });

  it.skipIf(!hasSocat)("hangs up when the program on the pseudo-terminal closes it", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "smc-bridge-"));
    const end = new UartEnd("modem");
    let fromTerminal = "";
    end.write = (bytes: string) => void (fromTerminal += bytes);
    let hangups = 0;
    const link = path.join(dir, "tty");
    bridge = await bridgeUart(end, { port: 0, ptyPath: link, onHangup: () => hangups++ });
    await waitFor(() => existsSync(link), 5000, "the pseudo-terminal link");
    for (const round of [1, 2]) {
      // As a terminal program does: open, type, close (quit).
      const fd = openSync(link, constants.O_RDWR | constants.O_NOCTTY);
      writeSync(fd, "AT\r");
      await waitFor(() => fromTerminal === "AT\r".repeat(round), 10000, () => `the typed line on the UART, round ${round}: ${JSON.stringify(fromTerminal)}`);
      closeSync(fd);
      await waitFor(() => hangups === round, 10000, `hang-up ${round}`);
      // The old link goes with its socat; a new socat makes it again for
      // the next program.
      await waitFor(() => !existsSync(link), 10000, "the old pseudo-terminal link removed");
      await waitFor(() => existsSync(link), 10000, "the pseudo-terminal link again");
    }
  });
});
