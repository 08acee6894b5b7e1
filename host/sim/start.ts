// `npm start`: a simulated site of SMCs running the built bundle in the
// Espruino emulation, in real time, with the first SMC's modem port
// reachable from a terminal.
import { tmpdir } from "node:os";
import path from "node:path";
import readline from "node:readline";
import { Command } from "commander";
import pc from "picocolors";
import type { BoardDesc } from "../../firmware/hal/board";
import { doesNotFit } from "../build/fit";
import { runInRealTime } from "./realtime";
import { Site, SITE_NUMBER, sitePassword, siteUser } from "./site";
import { SiteFile, siteSpec } from "./siteFile";
import { columns, loadStartBoard, loadStartBundle, loadStartSite, startPort, USAGE_EXIT, UsageError } from "./startChecks";
import { bridgeUart } from "./terminalBridge";

const root = path.resolve(import.meta.dirname, "../..");

const program = new Command()
  .name("npm start --")
  .description("Run a simulated site of SMCs and put the first one's modem port on a TCP port and a pseudo-terminal.")
  .argument("[site]", "site file, as --site")
  .option("-b, --board <name>", "board whose bundle runs (boards/<name>.json)", "linux")
  .option("-s, --site <file>", "site file: SMCs, chain or ring, modems, dead SMCs", path.join(root, "sites/default.json"))
  .option("-p, --port <n>", "TCP port on 127.0.0.1 for the terminal", "7001")
  .option("--pty <path>", "pseudo-terminal link to create (needs socat)", path.join(tmpdir(), "smc-modem"))
  .parse();
const o = program.opts();
if (program.args[0]) o.site = program.args[0];

let board: BoardDesc;
let code: string;
let file: SiteFile;
let port: number;
try {
  port = startPort(o.port);
  board = loadStartBoard(root, o.board);
  code = loadStartBundle(root, o.board);
  file = loadStartSite(root, o.site);
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  console.error(pc.red(e.message));
  process.exit(USAGE_EXIT);
}
// As npm run build says beside the bundle: the simulation counts no
// memory, a board does.
const unfit = doesNotFit(board);
if (unfit) console.warn(pc.yellow(`dist/${board.name}.js does not fit: ${unfit}. It runs here, where memory is not counted; a board would run out of memory.`));
const size = file.smcs;
// A chain needs two link ports on every SMC; pass-through wiring needs one.
if (size > 1 && file.wiring !== "passthrough" && !board.ports.linkB) {
  console.error(pc.red(`${board.title} has one link port: a chain of ${size} needs a board with two (linux, original), or pass-through wiring (npm start -- sites/passthrough4.json --board ${board.name}).`));
  process.exit(USAGE_EXIT);
}
const site = new Site(siteSpec(file, board, code));
const clock = site.clock;
const terminal = site.terminal;

const say = (who: string, text: string) => console.log(pc.dim(new Date().toISOString().substr(11, 12)) + " " + who + " " + text);
const printed = site.units.map(() => 0);
const lastPins = site.units.map(() => 0);
setInterval(() => {
  site.units.forEach((unit, k) => {
    const who = `smc${site.ids[k]}`.padEnd(6);
    const out = unit.hw.console.output;
    if (out.length > printed[k]) {
      for (const line of out.substr(printed[k]).split(/\r?\n/)) if (line) say(pc.cyan(who), line);
      printed[k] = out.length;
    }
    const h = unit.hw.pins.history;
    for (; lastPins[k] < h.length; lastPins[k]++) {
      const c = h[lastPins[k]];
      if (c.at === 0) continue;
      const role = Object.keys(board.pins).find((r) => board.pins[r] === c.pin) ?? c.pin;
      say(pc.yellow(who), `pin ${role} (${c.pin}) ${c.level ? "high" : "low"} at ${c.at.toFixed(0)} ms`);
    }
  });
  for (const e of clock.errors.splice(0)) say(pc.red("err   "), String(e));
}, 50);

// Dead SMCs are never powered: they print nothing and drive no pin.
site.powerOn(file.dead.map((d) => d - 1));
runInRealTime(clock);
const bridge = await bridgeUart(terminal, {
  port,
  ptyPath: o.pty,
  onEvent: (t) => say(pc.green("line  "), t),
  // A closed terminal is a dropped line: the next caller dials anew.
  onHangup: () => site.terminalGone(),
}).catch((e: NodeJS.ErrnoException) => {
  console.error(
    pc.red(e.code === "EADDRINUSE" ? `TCP port ${o.port} is in use (another npm start?): choose another with --port.` : `cannot open the terminal port: ${e.message}`),
  );
  process.exit(1);
});

console.log(
  [
    "",
    pc.bold(`Simulated site (${path.relative(root, o.site)}): ${size} SMC${size > 1 ? "s" : ""} (${board.title}) ${file.wiring === "passthrough" ? "in pass-through wiring" : `in a ${file.ring ? "ring" : "chain"}`}, each running dist/${o.board}.js in the Espruino emulation.`),
    `Modem on SMC ${file.modems.primary} answers at ${file.answerRings.primary} rings` +
      (file.modems.backup ? `; backup modem on SMC ${file.modems.backup} (on its phone-out) at ${file.answerRings.backup}` : "") +
      (file.dead.length ? `; dead: SMC ${file.dead.join(", ")}` : "") +
      ".",
    `Your terminal is a console-side modem on the phone line: dial the site with ATDT${SITE_NUMBER}. Reach it with:`,
    ...columns([
      [`npm run console -- ${bridge.port} --dial ${SITE_NUMBER} --auth ${size}:${siteUser} status ${size}`, "(the maintenance console: docs/console.md)"],
      [`npm run console -- term tcp://127.0.0.1:${bridge.port}`, "(raw terminal; Ctrl-] quits)"],
      [`nc 127.0.0.1 ${bridge.port}`, "(line mode: you see your typing twice)"],
      ...(bridge.ptyPath
        ? ([
            [`picocom -b 9600 ${bridge.ptyPath}`, "(pseudo-terminal, via socat; Ctrl-A Ctrl-X quits)"],
            [`minicom -D ${bridge.ptyPath} -b 9600 -o`, "(the same; Ctrl-A X quits)"],
            [`screen ${bridge.ptyPath} 9600`, "(the same; Ctrl-A k quits)"],
          ] as Array<[string, string]>)
        : ([["(no pseudo-terminal: install socat for one)", ""]] as Array<[string, string]>)),
    ]),
    "Closing the terminal drops the line, as hanging up a phone does.",
    `SMC ids ${site.ids.join(", ")}; SMC n has user ${siteUser}, password ${sitePassword(1).replace("1", "<n>")}.`,
    `Try: ATDT${SITE_NUMBER}   (wait for CONNECT)   AUTH ${siteUser} ${sitePassword(size)}   STATUS   @${site.ids[size - 1]} RESET   MAP   HELP   BYE`,
    "Here you can type:",
    ...columns([
      ["kill <n> | revive <n>", "SMC n loses power (its outputs float low) | gets it back and boots"],
      ["cut <n> <m> | mend <n> <m>", "the cable between neighbouring SMCs n and m"],
      ["temp <n> <C>", "SMC n's own temperature"],
      ["input <n> <name> <value>", `a server input of SMC n: ${Object.keys(board.inputs ?? {}).join(", ") || "none"}`],
      ["crash <n>", "server n crashes: its power-good drops, SMC n logs the power loss"],
      ["hangup", "the phone line drops"],
      ["quit", ""],
    ]),
    "",
  ].join("\n"),
);

// Analog server inputs read mid-range at start, as a healthy server's would;
// `input` changes any input by hand.
const analogRaw = (name: string, value: number) => {
  const d = board.inputs![name];
  return (value - (d.offset ?? 0)) / (d.scale ?? 1);
};
for (const [name, d] of Object.entries(board.inputs ?? {})) {
  if (d.kind !== "analog") continue;
  const mid = d.min !== undefined && d.max !== undefined ? (d.min + d.max) / 2 : 0;
  for (const u of site.units) u.hw.pins.setAnalog(u.hw.pinName(name), analogRaw(name, mid));
}
const setServerInput = (k: number, name: string, value: string) => {
  const d = board.inputs?.[name];
  if (!d) throw new Error(`no input ${name} on ${board.name} (${Object.keys(board.inputs ?? {}).join(", ")})`);
  const hw = site.units[k].hw;
  if (d.kind === "digital") hw.setInput(name, /^(1|on|alarm|high)$/i.test(value));
  else if (Number.isFinite(Number(value))) hw.pins.setAnalog(hw.pinName(name), analogRaw(name, Number(value)));
  else throw new Error(`${name} is analog: give a value in ${d.unit ?? "its unit"}`);
};

const unitOf = (id: string) => {
  const k = site.ids.indexOf(Number(id));
  if (k < 0) throw new Error(`no SMC ${id}`);
  return k;
};
/** What a site command did, said after it. */
const DONE: Record<string, string> = {
  kill: "SMC <n> is off; its outputs float low",
  revive: "SMC <n> is powered and boots",
  crash: "server <n> crashed; its power-good is low",
  hangup: "the phone line dropped",
};
const rl = readline.createInterface({ input: process.stdin });
rl.on("line", (line) => {
  const [cmd, a, b, c] = line.trim().split(/\s+/);
  try {
    if (cmd === "quit") {
      bridge.close();
      process.exit(0);
    } else if (cmd === "kill") {
      if (!site.units[unitOf(a)].running) throw new Error(`SMC ${a} is already off`);
      site.units[unitOf(a)].powerOff();
    } else if (cmd === "revive") {
      if (site.units[unitOf(a)].running) throw new Error(`SMC ${a} is already on`);
      site.units[unitOf(a)].powerOn();
    }
    else if (cmd === "cut") site.wire(unitOf(a), unitOf(b)).cut();
    else if (cmd === "mend") site.wire(unitOf(a), unitOf(b)).mend();
    else if (cmd === "temp") site.units[unitOf(a)].hw.temperature = Number(b);
    else if (cmd === "input") setServerInput(unitOf(a), b, c);
    else if (cmd === "hangup") site.consoleModem?.lineLost();
    else if (cmd === "crash") {
      const server = site.servers[unitOf(a)];
      if (!server.on) throw new Error(`server ${a} is off, so it cannot crash: power it on first (POWER ON on SMC ${a})`);
      server.crash();
    } else if (cmd) throw new Error("kill <n> | revive <n> | cut <n> <m> | mend <n> <m> | temp <n> <C> | input <n> <name> <value> | crash <n> | hangup | quit");
    if (cmd) say(pc.green("site  "), line.trim() + (DONE[cmd] ? `: ${DONE[cmd].replace("<n>", a)}` : ""));
  } catch (e) {
    say(pc.red("?     "), (e as Error).message);
  }
});
// Ctrl-C, kill, or the terminal window closing: socat goes with us, and
// its pseudo-terminal link with it.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    bridge.close();
    process.exit(0);
  });
}
