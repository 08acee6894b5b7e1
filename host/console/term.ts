// `smc-console term <where>`: a raw terminal, as a serial terminal program
// would be: typed mode and AT commands by hand. Ctrl-] quits, and on the
// way out DTR is dropped where the port has it.
import { OpenOptions, openWhere } from "./open";
import { EXIT } from "./errors";
import { OpenError } from "./stream";

export async function rawTerminal(where: string, o: OpenOptions, stdin: NodeJS.ReadStream = process.stdin, stdout: NodeJS.WriteStream = process.stdout, stderr: NodeJS.WriteStream = process.stderr): Promise<number> {
  let stream;
  try {
    stream = await openWhere(where, o);
  } catch (e) {
    stderr.write(`${(e as Error).message}\n`);
    return e instanceof OpenError && e.busy ? EXIT.busyLine : EXIT.cannotOpen;
  }
  const s = stream;
  stderr.write(`connected to ${where}; Ctrl-] quits\r\n`);
  return new Promise<number>((resolve) => {
    let done = false;
    const end = async (code: number, why?: string) => {
      if (done) return;
      done = true;
      if (why) stderr.write(`\r\n${why}\r\n`);
      stdin.off("data", onKey);
      stdin.removeAllListeners("end");
      if (stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
      if (s.hasDtr) await s.dropDtr(500);
      await s.close();
      resolve(code);
    };
    const onKey = (d: Buffer) => {
      const i = d.indexOf(0x1d);
      if (i >= 0) {
        if (i > 0) s.write(d.subarray(0, i).toString("latin1"));
        void end(EXIT.done);
        return;
      }
      s.write(d.toString("latin1"));
    };
    if (stdin.isTTY) stdin.setRawMode(true);
    stdin.on("data", onKey);
    // Piped input (a script): the terminal ends with it, after a moment for the answers.
    stdin.once("end", () => setTimeout(() => void end(EXIT.done), 1500));
    stdin.resume();
    s.onData((b) => stdout.write(Buffer.from(b, "latin1")));
    s.onClose((why) => void end(EXIT.done, `connection closed (${why})`));
  });
}
