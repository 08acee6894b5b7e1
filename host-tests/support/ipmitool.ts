// Runs Debian's ipmitool (`-I serial-terminal`) against a Dut's modem port:
// socat makes a pseudo-terminal pair, ipmitool opens one end, and this pump
// carries bytes between the other end and the Dut (the virtual clock
// advanced as the pump waits, the real interpreter in real time). The pump
// holds its end open, so ipmitool's closing its end is no hang-up.
import { spawn, spawnSync } from "node:child_process";
import { closeSync, constants, existsSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Dut } from "../../host/dut/dut";
import type { SiteDut } from "../../host/dut/siteDut";

/** The console side of a Dut or a site: bytes in, everything received so far, time passing. */
interface Line {
  send(bytes: string): void;
  text(): string;
  pause(ms: number): Promise<void>;
}

function lineOf(d: Dut | SiteDut): Line {
  if ("ids" in d) return { send: (b) => d.send(b), text: () => d.text(), pause: (ms) => d.pause(ms) };
  return { send: (b) => d.send("modem", b), text: () => d.text("modem"), pause: (ms) => d.pause(ms) };
}

export const hasIpmitool = spawnSync("sh", ["-c", "command -v ipmitool && command -v socat"]).status === 0;

export interface IpmitoolRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `ipmitool -I serial-terminal -D <pty>:9600 <args>` against the Dut; `-N 1 -R 1` keep a failed run short. */
export async function ipmitool(d: Dut | SiteDut, args: string[], stepMs = 5): Promise<IpmitoolRun> {
  const dut = lineOf(d);
  const dir = mkdtempSync(path.join(tmpdir(), "smc-ipmi-"));
  const a = path.join(dir, "ipmi"), b = path.join(dir, "dut");
  const socat = spawn("socat", [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: "ignore" });
  try {
    for (let i = 0; i < 200 && !(existsSync(a) && existsSync(b)); i++) await new Promise((r) => setTimeout(r, 10));
    const fd = openSync(b, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK);
    let seen = dut.text().length;
    const ip = spawn("ipmitool", ["-I", "serial-terminal", "-D", a + ":9600", "-N", "1", "-R", "2", ...args]);
    let stdout = "", stderr = "";
    ip.stdout.on("data", (d) => (stdout += d));
    ip.stderr.on("data", (d) => (stderr += d));
    let code: number | null | undefined;
    ip.on("exit", (c) => (code = c));
    const buf = Buffer.alloc(512);
    const started = Date.now();
    while (code === undefined && Date.now() - started < 60000) {
      let n = 0;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch {
        n = 0;
      }
      if (n > 0) dut.send(buf.subarray(0, n).toString("latin1"));
      await dut.pause(stepMs);
      await new Promise((r) => setTimeout(r, 1));
      const t = dut.text();
      if (t.length < seen) seen = 0;
      if (t.length > seen) {
        writeSync(fd, Buffer.from(t.substr(seen), "latin1"));
        seen = t.length;
      }
    }
    if (code === undefined) ip.kill();
    await new Promise((r) => setTimeout(r, 20));
    closeSync(fd);
    return { code: code ?? null, stdout, stderr };
  } finally {
    socat.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
