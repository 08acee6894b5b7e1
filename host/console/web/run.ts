// `smc-console web`: reads every password once (before anything is
// dialled, as the CLI does), serves the page on 127.0.0.1, prints its
// address (with the token) and runs until Ctrl-C, then hangs up.
import { spawn } from "node:child_process";
import type { Context } from "../cli";
import { EXIT } from "../errors";
import { WebConsole } from "./controller";
import { serve } from "./server";

/** Opens `url` in the desktop's browser; a failure only costs the convenience. */
function openBrowser(url: string, say: (t: string) => void): void {
  const cmd = process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  try {
    const p = spawn(cmd, [url], { detached: true, stdio: "ignore" });
    p.on("error", () => say(`could not open a browser (${cmd}): open the address above by hand`));
    p.unref();
  } catch {
    say(`could not open a browser (${cmd}): open the address above by hand`);
  }
}

export async function runWeb(ctx: Context): Promise<number> {
  const fail = (m: string, code: number = EXIT.usage) => (ctx.say(`smc-console: ${m}`), code);
  const ids = [...ctx.creds.keys()];
  if (!ids.length) return fail("web: no credentials: give --site FILE or --auth ID:USER");
  let where: string;
  try {
    where = ctx.where;
  } catch (e) {
    return fail((e as Error).message);
  }
  const port = ctx.o.port === undefined ? 0 : Number(ctx.o.port);
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) return fail(`--port ${ctx.o.port}: a TCP port, 0..65535`);
  try {
    await ctx.credentials(ids, true);
  } catch (e) {
    return fail((e as Error).message);
  }
  const web = new WebConsole(ctx, { pump: ctx.io.pump });
  let served;
  try {
    served = await serve(web, { port });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return fail(err.code === "EADDRINUSE" ? `port ${port} on 127.0.0.1 is in use: choose another with --port, or leave it out for a free one` : `cannot serve the page: ${err.message}`, EXIT.cannotOpen);
  }
  ctx.out(served.url);
  ctx.say(`smc-console web: the page for ${ctx.site?.name ?? where} is at the address above (127.0.0.1 only; it holds the token: do not share it). Ctrl-C hangs up and stops.`);
  if (ctx.o.open) openBrowser(served.url, (t) => ctx.say(t));
  const signal = ctx.io.signal;
  await new Promise<void>((resolve) => {
    if (!signal) return;
    if (signal.aborted) return resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
  await web.close();
  await served.close();
  return EXIT.done;
}
