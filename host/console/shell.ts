// The interactive shell: one call for a whole session of commands, with
// history (kept in ~/.config/smc-console/history), completion and help.
import { mkdirSync, readFileSync, appendFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { Command, CommanderError } from "commander";
import { addCommands, Context, runGuarded } from "./cli";
import { EXIT } from "./errors";

const WORDS = ["status", "power", "reset", "map", "log", "diag", "config", "logout", "hangup", "help", "quit"];
const SECOND: Record<string, string[]> = { power: ["on", "off", "cycle", "state"], config: ["show"] };

function historyFile(): string {
  return path.join(process.env.XDG_CONFIG_HOME || path.join(os.homedir(), ".config"), "smc-console", "history");
}

export async function shell(ctx: Context, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stdout): Promise<number> {
  ctx.interactive = true;
  const ids = () => [...ctx.creds.keys()].map(String);
  const completer = (line: string): [string[], string] => {
    const words = line.split(/\s+/);
    const last = words[words.length - 1];
    const pool = words.length === 1 ? WORDS : [...(SECOND[words[0]] ?? []), ...ids(), "all", "--yes", "--since", "--follow"];
    const hits = pool.filter((w) => w.startsWith(last));
    return [hits.length ? hits : pool, last];
  };
  let history: string[] = [];
  try {
    history = readFileSync(historyFile(), "utf8").split("\n").filter(Boolean).reverse().slice(0, 500);
  } catch {
    // No history yet.
  }
  const rl = readline.createInterface({ input, output, completer, history, historySize: 500, prompt: "smc> " });
  ctx.say(`smc-console shell: ${ctx.creds.size} SMC${ctx.creds.size === 1 ? "" : "s"} (${ids().join(", ")}); the call is made by the first command. help lists the commands; quit hangs up.`);
  // Ctrl-C at the prompt leaves the shell, hanging up on the way.
  rl.on("SIGINT", () => rl.close());
  let last: number = EXIT.done;
  rl.prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (line) {
      try {
        mkdirSync(path.dirname(historyFile()), { recursive: true });
        // Never a password into the history file.
        if (!/--auth|password/i.test(line)) appendFileSync(historyFile(), line + "\n", { mode: 0o600 });
      } catch {
        // History is a convenience.
      }
    }
    if (line === "quit" || line === "exit") break;
    if (line) {
      let chosen: { name: string; args: string[]; opts: Record<string, unknown> } | undefined;
      const p = addCommands(
        new Command().name("shell").usage("<command> [args]").exitOverride().configureOutput({ writeOut: (s) => void output.write(s), writeErr: (s) => void output.write(s) }).option("-y, --yes").option("--json"),
        (name, args, opts) => (chosen = { name, args, opts }),
      );
      p.command("quit").description("hang up and leave");
      try {
        await p.parseAsync(line.split(/\s+/), { from: "user" });
        if (chosen) last = await runGuarded(ctx, chosen.name, chosen.args, chosen.opts, true);
      } catch (e) {
        if (!(e instanceof CommanderError)) throw e;
        // `help` (and --help) end in a CommanderError too, with exit code 0.
        last = e.exitCode === 0 ? EXIT.done : EXIT.usage;
      }
    }
    rl.prompt();
  }
  rl.close();
  await ctx.hangup();
  return last;
}
