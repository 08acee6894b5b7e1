// Puts the far end of a simulated UART on a TCP port (nc, telnet, the
// project's console) and, where socat exists, on a pseudo-terminal too.
// A terminal that goes away is a dropped line: onHangup tells the owner, so
// that the next terminal never lands in the last one's call. On the
// pseudo-terminal that is the last close of its slave side (the program
// quits): socat then ends its TCP connection. A DTR drop itself cannot
// reach us there: Linux pseudo-terminals refuse the modem-line ioctls
// (TIOCMBIC answers ENOTTY), so picocom's DTR pulse and minicom's default
// hang-up fail in the terminal program; see README, "Talking to the
// simulated site".
import { spawn, spawnSync, ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import net from "node:net";
import { UartEnd } from "./wire";

export interface Bridge {
  port: number;
  ptyPath?: string;
  close(): void;
}

export async function bridgeUart(
  end: UartEnd,
  opts: { port: number; ptyPath?: string; onEvent?: (text: string) => void; onHangup?: () => void },
): Promise<Bridge> {
  let active: net.Socket | undefined;
  end.onData((bytes) => active?.write(Buffer.from(bytes, "latin1")));
  const server = net.createServer((socket) => {
    if (active) {
      // One terminal per modem line, as with a real phone line.
      socket.end("BUSY: another terminal is connected\r\n");
      return;
    }
    active = socket;
    opts.onEvent?.(`terminal connected from ${socket.remoteAddress}:${socket.remotePort}`);
    socket.on("data", (d) => end.write(d.toString("latin1")));
    socket.on("close", () => {
      if (active !== socket) return;
      active = undefined;
      opts.onEvent?.("terminal disconnected: the line drops");
      opts.onHangup?.();
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  let socat: ChildProcess | undefined;
  let closing = false;
  const ptyPath = opts.ptyPath && spawnSync("socat", ["-V"]).status === 0 ? opts.ptyPath : undefined;
  // wait-slave: socat connects to the TCP port only when a program opens the
  // pty, so an unused pty does not hold the line; restart after each session.
  const startSocat = () => {
    if (!ptyPath || closing) return;
    socat = spawn("socat", [`pty,raw,echo=0,wait-slave,link=${ptyPath}`, `tcp:127.0.0.1:${port}`], { stdio: "ignore" });
    socat.on("exit", () => {
      // Its link may outlive it for a moment; a program opening it then
      // would reach a dead terminal, so it goes before the next socat.
      rmSync(ptyPath, { force: true });
      setTimeout(startSocat, 200);
    });
  };
  startSocat();
  // socat is our child but does not die with us: whatever ends this
  // process through process.exit takes it along.
  const onExit = () => socat?.kill("SIGKILL");
  process.once("exit", onExit);
  return {
    port,
    ptyPath,
    close() {
      process.removeListener("exit", onExit);
      closing = true;
      socat?.kill("SIGKILL");
      // A killed socat leaves its link behind, pointing at a dead terminal.
      if (ptyPath) rmSync(ptyPath, { force: true });
      active?.destroy();
      server.close();
    },
  };
}
