#!/usr/bin/env -S node --import tsx
// smc-console's entry: the real process's terminal, signals and exit code
// around main() (host/console/cli.ts).
import { main } from "./cli";
import { shell } from "./shell";
import { rawTerminal } from "./term";
import { askHidden, askYesNo } from "./tty";

const abort = new AbortController();
let interrupted = 0;
// Ctrl-C (or a hang-up of our own terminal): the call is hung up, and the
// account of what was done is printed; a second Ctrl-C leaves at once.
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(sig, () => {
    if (++interrupted > 1) process.exit(130);
    process.stderr.write("\ninterrupted: hanging up…\n");
    abort.abort();
  });
}
const tty = !!process.stdin.isTTY;
const code = await main(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  confirm: tty ? (q) => askYesNo(q) : undefined,
  prompt: tty ? (q) => askHidden(q) : undefined,
  signal: abort.signal,
  shell: tty ? (ctx) => shell(ctx) : undefined,
  term: (where, o) => rawTerminal(where, o),
});
process.exitCode = interrupted ? 130 : code;
