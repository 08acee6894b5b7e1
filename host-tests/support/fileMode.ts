// Runs JavaScript on the real interpreter in its file mode (`espruino
// run.js`), as the build-quirk and hoist suites do: the code, then
// quit(); resolves with the console output, terminal escapes removed, and
// a line saying so when the file never reached its quit().
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { findInterpreter, loadedDeadline } from "../../host/real";

export function runFile(code: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), "smc-file-"));
  writeFileSync(path.join(dir, "run.js"), code + "\nquit();\n");
  return new Promise((resolve, reject) => {
    const p = spawn(findInterpreter().bin!, ["run.js"], { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    // It runs in well under a second on an idle machine.
    let killed = "";
    const timer = setTimeout(() => {
      killed = `\n[killed: no quit() after ${loadedDeadline(1000)} ms]`;
      p.kill("SIGKILL");
    }, loadedDeadline(1000));
    p.on("exit", () => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      resolve(out.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "") + killed);
    });
    p.on("error", reject);
  });
}
