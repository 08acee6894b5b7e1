// smc-console: the maintenance console's command line (docs/console.md).
// main() takes its input and output as arguments and returns the exit
// code, so tests run it in-process (on a simulated site's virtual clock).
import { Command, CommanderError, Option } from "commander";
import { Call, CallOptions } from "./call";
import type { ConsoleClock } from "./clock";
import { PasswordIo, readPassword, readSiteCredentials, SiteCredentials, siteFilePath, SiteFileError, SmcCredentials } from "./credentials";
import { DEFAULT_INIT } from "./dialler";
import { DIAL_EXIT, DIAL_WORDS, DialError, EXIT, Outcome, OUTCOME_EXIT, worst } from "./errors";
import { colors, Colors, JsonDocument, logLine, logText, mapText, notes, OUTCOME_WORDS, powerTable, smcJson, statusTable, table, wantColor } from "./format";
import { isTcp, OpenOptions, openWhere } from "./open";
import * as ops from "./operations";
import { Credential, Session, SmcResult } from "./session";
import { ByteStream, OpenError } from "./stream";
import { runWeb } from "./web/run";

export interface Out {
  write(s: string): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: Out;
  stderr: Out;
  /** Opens `<where>`; tests hand in a simulated site's terminal. */
  open?: (where: string, o: OpenOptions) => Promise<ByteStream>;
  clock?: ConsoleClock;
  /** Asks yes/no (reset's confirmation); absent: no terminal, --yes needed. */
  confirm?: (question: string) => Promise<boolean>;
  /** Asks for a password without echo; absent: no terminal. */
  prompt?: (question: string) => Promise<string>;
  /** Ctrl-C: the call is hung up and the account printed. */
  signal?: AbortSignal;
  home?: string;
  /** The interactive shell, when no command is given on a terminal. */
  shell?: (ctx: Context) => Promise<number>;
  /** Extra call options (tests: a fixed first seq, short timeouts). */
  callOptions?: Partial<CallOptions>;
  /** The raw terminal (`term`). */
  term?: (where: string, o: OpenOptions) => Promise<number>;
  /** `web`: runs each of the page's actions to its end (tests: drives the simulated site's virtual clock). */
  pump?: <T>(p: Promise<T>) => Promise<T>;
}

export interface GlobalOptions {
  site?: string;
  where?: string;
  dial?: string | false;
  baud: string;
  rtscts?: boolean;
  /** --plain-auth: send the password (plain AUTH) instead of the challenge form. */
  plainAuth?: boolean;
  retries: string;
  retryWait: string;
  init?: string;
  json?: boolean;
  yes?: boolean;
  auth: string[];
  follow?: boolean;
  since?: string;
  /** web: the port on 127.0.0.1 (0 or absent: a free one), and whether to open the browser. */
  port?: string;
  open?: boolean;
}

export const COMMANDS = ["status", "power", "reset", "map", "log", "diag", "config", "logout", "hangup", "shell", "term", "web", "help"];

class Usage extends Error {}

/** What a command needs from its surroundings: the call (opened on first use), output, options. */
export class Context {
  readonly c: Colors;
  private session?: Session;
  private opening?: Promise<Session>;
  lastHangup: string[] = [];
  progressShown = false;
  /** A --json run's document parts, written once the call has been hung up. */
  pendingJson?: { command: string; exit: number; outcome: Outcome; results: SmcResult<unknown>[]; extra: Record<string, unknown> };
  lastError?: string;
  /** The shell: a call outlives a command. */
  interactive = false;
  /** SMCs whose password came with --auth (warned about once already). */
  readonly argPasswords = new Set<number>();
  /** Passwords read once for a long-lived program (the web page), not again on each dial. */
  readonly kept = new Map<number, Credential>();

  constructor(readonly io: CliIo, readonly o: GlobalOptions, readonly site: SiteCredentials | undefined, readonly creds: Map<number, SmcCredentials>) {
    this.c = colors(!o.json && wantColor(io.stdout.isTTY, io.env));
  }

  get where(): string {
    const w = this.o.where ?? this.site?.where;
    if (!w) throw new Usage("where is the site? give tcp://host:port or a serial device (e.g. /dev/ttyUSB0), or \"where\" in the site file");
    return w;
  }

  get dialNumber(): string | undefined {
    if (this.o.dial === false) return undefined;
    return this.o.dial ?? this.site?.dial;
  }

  say(text: string): void {
    this.clearProgress();
    this.io.stderr.write(text + "\n");
  }

  out(text: string): void {
    this.clearProgress();
    this.io.stdout.write(text + "\n");
  }

  progress(text: string): void {
    if (!this.io.stderr.isTTY || this.o.json) return;
    this.io.stderr.write(`\r\x1b[K${text}`);
    this.progressShown = true;
  }

  clearProgress(): void {
    if (!this.progressShown) return;
    this.io.stderr.write("\r\x1b[K");
    this.progressShown = false;
  }

  /** IDs for `id…|all`: `all` (or nothing) is every SMC with credentials. */
  ids(args: string[], allowAll = true): number[] {
    const known = [...this.creds.keys()];
    if (!args.length || (allowAll && args.length === 1 && args[0] === "all")) {
      if (!allowAll && !args.length) throw new Usage("name the SMC(s) by ID");
      if (!known.length) throw new Usage("no credentials: give --site FILE or --auth ID:USER");
      return known;
    }
    return args.map((a) => {
      if (!/^\d{1,3}$/.test(a) || Number(a) < 1 || Number(a) > 250) throw new Usage(`${a}: an SMC ID is 1..250${allowAll ? ", or all" : ""}`);
      const id = Number(a);
      if (!this.creds.has(id)) throw new Usage(`no credentials for SMC ${id}${known.length ? ` (the console holds ${known.join(", ")})` : ""}: add it to the site file or give --auth ${id}:USER`);
      return id;
    });
  }

  /** Reads the passwords of `ids` now, before any dialling, so a missing one costs no call. */
  async credentials(ids: number[], keep = false): Promise<Map<number, Credential>> {
    const clear: number[] = [];
    const pio: PasswordIo = { env: this.io.env, prompt: this.io.prompt, warn: () => undefined };
    const out = new Map<number, Credential>();
    for (const id of ids) {
      const kept = this.kept.get(id);
      if (kept) {
        out.set(id, kept);
        continue;
      }
      const c = this.creds.get(id)!;
      if ("value" in c.password && !this.argPasswords.has(id)) clear.push(id);
      const pw = await readPassword(c, pio);
      out.set(id, { user: c.user, password: async () => pw });
    }
    if (keep) for (const [id, c] of out) this.kept.set(id, c);
    if (clear.length)
      this.say(this.c.yellow(`warning: the site file holds the password${clear.length > 1 ? "s" : ""} of SMC ${clear.join(", ")} in clear; prefer {"env": NAME} or a file of mode 0600`));
    return out;
  }

  /** The session of this invocation's call, dialled on first use. */
  async open(ids: number[]): Promise<Session> {
    if (this.session && this.session.call.state === "open") {
      for (const [id, c] of await this.credentials(ids.filter((i) => !this.session!.creds.has(i)))) this.session.creds.set(id, c);
      return this.session;
    }
    if (!this.opening) this.opening = this.dialNew(ids);
    try {
      return (this.session = await this.opening);
    } finally {
      this.opening = undefined;
    }
  }

  private async dialNew(ids: number[]): Promise<Session> {
    const creds = await this.credentials(ids);
    const where = this.where;
    const oo: OpenOptions = { baud: Number(this.o.baud), rtscts: this.o.rtscts, clock: this.io.clock };
    const stream = await (this.io.open ?? openWhere)(where, oo);
    const number = this.dialNumber;
    // The site learns the time of day from this machine (TIME after the first AUTH).
    const co: CallOptions = { clock: this.io.clock, wallTime: () => Date.now(), ...this.io.callOptions };
    if (this.o.plainAuth) co.plainAuth = true;
    if (number)
      co.dial = {
        number,
        init: this.o.init ? this.o.init.split(";").map((x) => x.trim()).filter(Boolean) : DEFAULT_INIT,
        retries: Number(this.o.retries),
        retryWaitMs: Number(this.o.retryWait) * 1000,
      };
    this.progress(number ? `dialling ${number} on ${where}…` : `opening ${where}…`);
    const call = await Call.open(stream, co);
    call.on("progress", (p) => this.progress(p));
    // In the shell a dropped call (an idle site hangs up) is said at once; the next command dials again.
    call.on("lost", (why) => this.interactive && this.say(this.c.red(`the call dropped: ${why}; the next command dials again`)));
    this.clearProgress();
    const session = new Session(call, creds);
    session.on("progress", (p) => this.progress(`${p.what}: ${p.done}/${p.total}${p.done < p.total ? ` (SMC ${p.id})` : ""}`));
    this.io.signal?.addEventListener("abort", () => void this.hangup(), { once: true });
    return session;
  }

  get call(): Call | undefined {
    return this.session?.call;
  }

  async hangup(): Promise<string[]> {
    const call = this.session?.call;
    if (!call) return [];
    const r = await call.hangup();
    if (r.steps.length) this.lastHangup = r.steps;
    return this.lastHangup;
  }

  /** The call part of a JSON document. */
  callJson(): JsonDocument["call"] {
    const call = this.session?.call;
    return {
      where: this.o.where ?? this.site?.where ?? "",
      dialled: this.dialNumber ?? null,
      connect: call?.connectLine || null,
      hangup: this.lastHangup,
      lost: call?.lostWhy || null,
    };
  }
}

/** Runs one parsed command in `ctx`; returns the exit code. */
export async function runCommand(ctx: Context, name: string, args: string[], opts: Partial<GlobalOptions>): Promise<number> {
  const results: SmcResult<unknown>[] = [];
  const extra: Record<string, unknown> = {};
  let text = "";
  const c = ctx.c;
  switch (name) {
    case "status": {
      const ids = ctx.ids(args);
      const s = await ctx.open(ids);
      const r = await ops.status(s, ids);
      results.push(...r);
      text = statusTable(r, c);
      break;
    }
    case "power": {
      const action = (args[0] ?? "").toLowerCase();
      if (!["on", "off", "cycle", "state"].includes(action)) throw new Usage("power on|off|cycle|state <id…|all>");
      if (args.length < 2) throw new Usage(`power ${action} needs SMC IDs or all`);
      const ids = ctx.ids(args.slice(1));
      const s = await ctx.open(ids);
      const r = await ops.power(s, ids, action as ops.PowerAction);
      results.push(...r);
      text = powerTable(r, c);
      break;
    }
    case "reset": {
      if (!args.length) throw new Usage("reset <id…>: name the servers to reset");
      const ids = ctx.ids(args, false);
      if (!opts.yes && !ctx.o.yes) {
        if (!ctx.io.confirm) throw new Usage("reset asks for confirmation, and there is no terminal: add --yes");
        if (!(await ctx.io.confirm(`reset the server${ids.length > 1 ? "s" : ""} behind SMC ${ids.join(", ")}?`))) {
          ctx.say("nothing reset");
          return EXIT.done;
        }
      }
      const s = await ctx.open(ids);
      const r = await ops.reset(s, ids);
      results.push(...r);
      text = table(["ID", "RESET", "POWER AFTER"], r.map((x) => [String(x.id), x.outcome === "done" ? "done" : OUTCOME_WORDS[x.outcome] + (x.code ? ` (ERR ${x.code})` : ""), x.data?.power ?? "-"]), c, (_r, col, t) =>
        col === 1 ? (t.startsWith("done") ? c.green(t) : c.red(t)) : t,
      [0]);
      break;
    }
    case "map": {
      const ids = ctx.ids([]);
      const s = await ctx.open(ids);
      const m = await ops.siteMap(s, ids);
      results.push(...m.results.filter((r) => r.outcome !== "done" || r.id !== 0));
      if (m.map) {
        text = mapText(m.map, c, ids);
        extra.map = m.map;
      } else text = "no map: no SMC of the site accepted this console's credentials";
      break;
    }
    case "log": {
      const [id] = ctx.ids(args.slice(0, 1), false);
      if (args.length !== 1) throw new Usage("log <id> [--follow] [--since N]");
      const since = opts.since !== undefined ? Number(opts.since) : undefined;
      if (since !== undefined && !(Number.isInteger(since) && since >= 0)) throw new Usage("--since takes a record number (0 or more)");
      const s = await ctx.open([id]);
      let got = 0;
      const r = await ops.readLog(s, id, since, (page) => ctx.progress(`log of SMC ${id}: ${(got += page.records.length)} records${page.total !== null ? ` of ${page.total}` : ""}…`));
      results.push(r);
      if (r.data) text = logText(id, r.data);
      if (opts.follow && r.outcome === "done" && !ctx.o.json) {
        ctx.out(text);
        text = "";
        await follow(ctx, s, id, r.data?.next ?? 0);
      }
      break;
    }
    case "diag": {
      if (args.length !== 1) throw new Usage("diag <id>");
      const [id] = ctx.ids(args, false);
      const s = await ctx.open([id]);
      const r = await ops.diag(s, id);
      results.push(r);
      text = (r.data?.lines ?? []).map((l) => l.replace(/\bFAIL\b/, c.red("FAIL")).replace(/ ok\b/, " " + c.green("ok"))).join("\n");
      break;
    }
    case "config": {
      if (args[0]?.toLowerCase() !== "show" || args.length !== 2) throw new Usage("config show <id> (changes: CONFIG on the SMC itself, see docs/protocol.md)");
      const [id] = ctx.ids(args.slice(1), false);
      const s = await ctx.open([id]);
      const r = await ops.configShow(s, id);
      results.push(r);
      text = (r.data?.lines ?? []).join("\n");
      break;
    }
    case "logout": {
      const call = ctx.call;
      if (call && call.state === "open") await call.logout();
      text = "logged out: every SMC's flags for this call are cleared; the call stays up";
      break;
    }
    case "hangup": {
      const steps = await ctx.hangup();
      text = steps.length ? `hung up (${steps.join(", ")})` : "no call";
      break;
    }
    default:
      throw new Usage(`unknown command ${name}`);
  }
  const outcome = worst(results.map((r) => r.outcome));
  const exit = OUTCOME_EXIT[outcome];
  return finish(ctx, name, args, results, outcome, exit, text, extra);
}

async function follow(ctx: Context, s: Session, id: number, from: number): Promise<void> {
  const clock = s.call.clock;
  let next = from;
  while (s.call.state === "open" && !ctx.io.signal?.aborted) {
    await new Promise<void>((r) => {
      const signal = ctx.io.signal;
      const done = () => {
        signal?.removeEventListener("abort", done);
        r();
      };
      clock.setTimeout(done, 2000);
      signal?.addEventListener("abort", done, { once: true });
    });
    if (s.call.state !== "open") break;
    const r = await ops.readLog(s, id, next);
    if (r.outcome !== "done" || !r.data) break;
    for (const rec of r.data.records) ctx.out(logLine(rec));
    next = r.data.next ?? next;
  }
}

function finish(ctx: Context, name: string, args: string[], results: SmcResult<unknown>[], outcome: Outcome, exit: number, text: string, extra: Record<string, unknown>): number {
  if (ctx.o.json) {
    ctx.pendingJson = { command: [name, ...args].join(" "), exit, outcome, results, extra };
    return exit;
  }
  if (text) ctx.out(text);
  for (const n of notes(results)) ctx.say(ctx.c.red(n));
  return exit;
}

/** Adds the subcommands to `program`; `run` is called with the chosen one. */
export function addCommands(program: Command, run: (name: string, args: string[], opts: Partial<GlobalOptions>) => void): Command {
  const sub = (name: string, args: string, desc: string) =>
    program
      .command(name)
      .argument(args.startsWith("[") || args.startsWith("<") ? args : `[${args}]`)
      .description(desc)
      .action((a: string[] | string | undefined, opts: Partial<GlobalOptions>, cmd: Command) => run(name, cmd.args, { ...cmd.optsWithGlobals(), ...opts }));
  sub("status", "[ids...]", "one table, one row per SMC: power, uptime, temperature, inputs, links, boots (default: all)");
  sub("power", "<action-and-ids...>", "power on|off|cycle|state <id…|all>");
  sub("reset", "[ids...]", "pulse the servers' reset lines (asks unless --yes), then show their power");
  program
    .command("map")
    .description("the site drawn as a chain or ring, each SMC's links, and which this call is authenticated to")
    .action((_o, cmd: Command) => run("map", [], cmd.optsWithGlobals()));
  program
    .command("log")
    .argument("[id]")
    .description("one SMC's event log (the last 10 records, or --since N onward)")
    .option("-f, --follow", "keep reading new records until Ctrl-C")
    .option("--since <n>", "every record numbered n and after")
    .action((_a, opts, cmd: Command) => run("log", cmd.args, { ...cmd.optsWithGlobals(), ...opts }));
  sub("diag", "[id]", "the SMC's self-test");
  sub("config", "[what-and-id...]", "config show <id>: the SMC's running configuration");
  program
    .command("logout")
    .description("clear every flag of this call on every SMC; the call stays up (shell)")
    .action((_o, cmd: Command) => run("logout", [], cmd.optsWithGlobals()));
  program
    .command("hangup")
    .description("end the call: BYE, then DTR (or +++ ATH0) (shell)")
    .action((_o, cmd: Command) => run("hangup", [], cmd.optsWithGlobals()));
  return program;
}

/** The whole program: parses `argv` (without node and script), runs, returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  // `smc-console <where> <command> …`: a leading word that is no command is where.
  let leadingWhere: string | undefined;
  // It looks like one: tcp://…, a path, COMn, [host:]port.
  if (argv.length && !COMMANDS.includes(argv[0]) && /^(tcp:\/\/|\/|\.{1,2}\/|COM\d|([^/:\s]+:)?\d+$)/i.test(argv[0])) leadingWhere = argv.shift();
  let chosen: { name: string; args: string[]; opts: Partial<GlobalOptions> } | undefined;
  const collect = (v: string, prev: string[]) => [...prev, v];
  const program = new Command()
    .name("smc-console")
    .usage("[where] [options] <command> [args]")
    .description("The maintenance console: one call for the whole site (docs/console.md).\nwhere: tcp://host:port or a serial device (/dev/ttyUSB0, /dev/serial/by-id/…).")
    .option("-s, --site <name|file>", "site file: ~/.config/smc-console/<name>.json, or a path")
    .option("-w, --where <where>", "tcp://host:port or a serial device (as the leading argument)")
    .option("-d, --dial <number>", "dial the site through the local modem (default: the site file's dial)")
    .option("--no-dial", "talk straight to the SMC's modem port (null-modem cable), even if the site file dials")
    .option("-b, --baud <n>", "serial baud rate", "9600")
    .option("--rtscts", "hardware flow control on the serial port")
    .option("--retries <n>", "dial again this many times after BUSY, NO ANSWER or NO CARRIER", "0")
    .option("--retry-wait <s>", "seconds between dial attempts", "30")
    .option("--init <commands>", `modem init commands, ;-separated (default: ${DEFAULT_INIT.join(";")})`)
    .addOption(new Option("--auth <id:user[:password]>", "credentials for one SMC (repeatable); a password here lands in shell history").default([]).argParser(collect))
    .option("--plain-auth", "AUTH with the password itself (plain AUTH), not the challenge form (the default; docs/protocol.md)")
    .option("--json", "one JSON document on stdout (docs/console.md)")
    .option("-y, --yes", "do not ask before reset")
    .exitOverride()
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) });
  addCommands(program, (name, args, opts) => (chosen = { name, args, opts }));
  program
    .command("shell")
    .description("an interactive shell in one call (the default on a terminal)")
    .action(() => {
      chosen = { name: "shell", args: [], opts: program.opts() };
    });
  program
    .command("term")
    .argument("[where]")
    .description("a raw terminal to <where> (typed mode, AT commands by hand); Ctrl-] quits")
    .action((w: string | undefined) => {
      chosen = { name: "term", args: w ? [w] : [], opts: program.opts() };
    });
  program
    .command("web")
    .argument("[where]")
    .description("the site at a glance: a web page on 127.0.0.1 that drives one call (docs/console.md)")
    .option("--port <n>", "the port on 127.0.0.1 (default: a free one)")
    .option("--open", "open the page in the browser")
    .action((w: string | undefined, opts: Partial<GlobalOptions>, cmd: Command) => {
      chosen = { name: "web", args: w ? [w] : [], opts: { ...cmd.optsWithGlobals(), ...opts } };
    });
  // No command: the shell (on a terminal). Commander would print the help instead.
  let stray: string | undefined;
  program.argument("[command]").action(() => {
    stray = program.args[0];
  });
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.done : EXIT.usage;
    throw e;
  }
  const o = { ...program.opts(), ...chosen?.opts } as GlobalOptions;
  if (leadingWhere) o.where = leadingWhere;
  if (chosen?.name === "web" && chosen.args[0]) o.where = chosen.args[0];
  // `npm run console -- 7001` (as before): a bare [host:]port is the simulated site's TCP port.
  if (o.where && /^([^/:\s]+:)?\d+$/.test(o.where)) o.where = `tcp://${o.where.includes(":") ? o.where : "127.0.0.1:" + o.where}`;
  const say = (t: string) => io.stderr.write(t + "\n");
  if (stray !== undefined) return say(`smc-console: unknown command ${stray} (smc-console --help lists them)`), EXIT.usage;
  if (!chosen) {
    if (!io.shell) {
      program.outputHelp({ error: true });
      return EXIT.usage;
    }
    chosen = { name: "shell", args: [], opts: o };
  }
  if (chosen.name === "term") {
    const where = chosen.args[0] ?? o.where;
    if (!where) return say("term <where>: tcp://host:port or a serial device"), EXIT.usage;
    if (!io.term) return say("term needs a terminal"), EXIT.usage;
    return io.term(where, { baud: Number(o.baud), rtscts: o.rtscts });
  }
  let ctx: Context;
  try {
    ctx = makeContext(io, o);
  } catch (e) {
    if (e instanceof Usage || e instanceof SiteFileError) return say(`smc-console: ${e.message}`), EXIT.usage;
    throw e;
  }
  if (chosen.name === "web") return runWeb(ctx);
  if (chosen.name === "shell") {
    if (!io.shell) return say("the shell needs a terminal"), EXIT.usage;
    return io.shell(ctx);
  }
  return runGuarded(ctx, chosen.name, chosen.args, chosen.opts);
}

export function makeContext(io: CliIo, o: GlobalOptions): Context {
  const site = o.site ? readSiteCredentials(siteFilePath(o.site, io.home)) : undefined;
  const creds = new Map<number, SmcCredentials>();
  for (const s of site?.smcs ?? []) creds.set(s.id, s);
  for (const a of o.auth ?? []) {
    const m = /^(\d{1,3}):([^:\s]+)(?::(.*))?$/.exec(a);
    if (!m) throw new Usage(`--auth ${a.replace(/:[^:]*:.*/, ":…")}: give ID:USER (the password is asked) or ID:USER:PASSWORD`);
    const id = Number(m[1]);
    creds.set(id, { id, user: m[2], password: m[3] !== undefined ? { value: m[3] } : { prompt: true } });
  }
  if (site?.baud && o.baud === "9600") o.baud = String(site.baud);
  const ctx = new Context(io, o, site, creds);
  for (const a of o.auth ?? []) if (/^\d+:[^:]+:/.test(a)) ctx.argPasswords.add(Number(a.split(":")[0]));
  for (const a of o.auth ?? [])
    if (/^\d+:[^:]+:/.test(a)) ctx.say(ctx.c.yellow(`warning: the password for SMC ${a.split(":")[0]} was given on the command line: it lands in your shell history; prefer the site file`));
  return ctx;
}

/** Runs a command and hangs up after it; every failure becomes a message and an exit code, never a stack trace. */
export async function runGuarded(ctx: Context, name: string, args: string[], opts: Partial<GlobalOptions>, keepCall = false): Promise<number> {
  let exit: number;
  try {
    exit = await runCommand(ctx, name, args, opts);
  } catch (e) {
    exit = failure(ctx, e);
  } finally {
    if (!keepCall) await ctx.hangup().catch(() => undefined);
  }
  // A call that dropped by itself is a line failure, whatever was done before it.
  if (ctx.call?.lostWhy && exit !== EXIT.usage) exit = ctx.call.busy ? EXIT.busyLine : EXIT.lineLost;
  if (ctx.o.json) {
    const p = ctx.pendingJson;
    ctx.pendingJson = undefined;
    const doc: JsonDocument = {
      command: p?.command ?? [name, ...args].join(" "),
      exit,
      outcome: p?.outcome ?? "not-attempted",
      call: ctx.callJson(),
      smcs: (p?.results ?? []).map(smcJson),
      ...p?.extra,
    };
    if (exit !== (p?.exit ?? exit) || !p) doc.error = ctx.lastError ?? null;
    ctx.io.stdout.write(JSON.stringify(doc, null, 2) + "\n");
  } else if (ctx.call?.lostWhy && exit !== EXIT.done && !ctx.interactive) ctx.say(ctx.c.red(`the call dropped: ${ctx.call.lostWhy}`));
  return exit;
}

function failure(ctx: Context, e: unknown): number {
  const msg = (m: string, code: number) => {
    ctx.lastError = m;
    if (!ctx.o.json) ctx.say(`smc-console: ${m}`);
    return code;
  };
  if (e instanceof Usage || e instanceof SiteFileError) return msg(e.message, EXIT.usage);
  if (e instanceof DialError) return msg(`${e.result}: ${DIAL_WORDS[e.result]} (${e.message})`, DIAL_EXIT[e.result]);
  if (e instanceof OpenError) return msg(e.message, e.busy ? EXIT.busyLine : EXIT.cannotOpen);
  if (e instanceof Error) return msg(`unexpected: ${e.message}`, EXIT.internal);
  return msg(String(e), EXIT.internal);
}

export { isTcp };
