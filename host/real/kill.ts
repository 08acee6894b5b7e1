import type { ChildProcess } from "node:child_process";

/** SIGKILL (the interpreter ignores SIGTERM) and wait until the process is gone. */
export async function killAndWait(p: ChildProcess | undefined): Promise<void> {
  if (!p || p.exitCode !== null || p.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    p.once("exit", () => resolve());
    p.kill("SIGKILL");
  });
}
