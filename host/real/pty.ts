// A UART of a real interpreter: socat holds a pseudo-terminal whose slave
// the interpreter opens (SerialN.path) and bridges it to a unix socket this
// process connects to. socat ends when the interpreter closes the slave
// (power off), so a power cycle starts a new socat on the same link path.
import { ChildProcess, spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import net from "node:net";
import { loadedDeadline, waitFor } from "./interpreter";
import { killAndWait } from "./kill";

export class RealUart {
  private socket?: net.Socket;
  private socat?: ChildProcess;
  private listeners: Array<(chunk: Buffer) => void> = [];
  private got: Buffer[] = [];

  constructor(
    readonly slavePath: string,
    private socketPath: string,
    private socatBin: string,
    private track: (p: ChildProcess) => void,
  ) {}

  /** Creates the pty and connects to it; call before the interpreter starts. */
  async open(): Promise<void> {
    rmSync(this.socketPath, { force: true });
    rmSync(this.slavePath, { force: true });
    const socat = spawn(this.socatBin, [`pty,raw,echo=0,link=${this.slavePath}`, `unix-listen:${this.socketPath}`], { stdio: "ignore" });
    this.socat = socat;
    this.track(socat);
    // socat makes both in a few ms on an idle machine.
    await waitFor(
      () => existsSync(this.socketPath) && existsSync(this.slavePath),
      1000,
      () => `socat's pty ${this.slavePath} (${existsSync(this.slavePath) ? "made" : "missing"}) and socket (${existsSync(this.socketPath) ? "made" : "missing"}); socat ${socat.exitCode === null ? "running" : "exited " + socat.exitCode}`,
    );
    // socat binds the socket file before it listens: retry a refused connect.
    let socket: net.Socket | undefined;
    const giveUp = performance.now() + loadedDeadline(1000);
    while (!socket) {
      socket = await new Promise<net.Socket | undefined>((resolve, reject) => {
        const s = net.connect(this.socketPath);
        s.once("connect", () => resolve(s));
        s.once("error", (e) =>
          performance.now() < giveUp ? setTimeout(() => resolve(undefined), 10) : reject(new Error(`socat's socket ${this.socketPath} refused connections for ${loadedDeadline(1000)} ms: ${e.message}`)),
        );
      });
    }
    socket.on("data", (chunk) => {
      this.got.push(chunk);
      for (const l of this.listeners.slice()) l(chunk);
    });
    socket.on("error", () => undefined);
    this.socket = socket;
  }

  write(bytes: string | Buffer): void {
    this.socket?.write(typeof bytes === "string" ? Buffer.from(bytes, "latin1") : bytes);
  }

  onData(cb: (chunk: Buffer) => void): () => void {
    this.listeners.push(cb);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== cb);
    };
  }

  received(): Buffer {
    if (this.got.length > 1) this.got = [Buffer.concat(this.got)];
    return this.got[0] ?? Buffer.alloc(0);
  }

  clear(): void {
    this.got = [];
  }

  /** Ends socat and waits for it: a dying socat unlinks its pty link, which must not hit the next one's. */
  async close(): Promise<void> {
    this.socket?.destroy();
    this.socket = undefined;
    const p = this.socat;
    this.socat = undefined;
    await killAndWait(p);
  }
}
