// `npm start`: a simulated site of SMCs running the built bundle in the
// Espruino emulation, in real time, with the first SMC's modem port
// reachable from a terminal.
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import readline from "node:readline";
import { Command } from "commander";
import pc from "picocolors";
import type { BoardDesc } from "../../firmware/hal/board";
import { runInRealTime } from "./realtime";
import { Site, SITE_NUMBER, sitePassword, siteUser } from "./site";
import { readSiteFile, SiteFile, siteSpec } from "./siteFile";
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

const board: BoardDesc = JSON.parse(readFileSync(path.join(root, "boards", `${o.board}.json`), "utf8"));
const code = readFileSync(path.join(root, "dist", `${o.board}.js`), "utf8");
let file: SiteFile;
try {
  file = readSiteFile(o.site);
} catch (e) {
  console.error(pc.red((e as Error).message));
  process.exit(1);
}
const size = file.smcs;
// A chain needs two link ports on every SMC; pass-through wiring needs one.
if (size > 1 && file.wiring !== "passthrough" && !board.ports.linkB) {
  console.error(pc.red(`${board.title} has one link port: a chain of ${size} needs a board with two (linux, original), or pass-through wiring (npm start -- sites/passthrough4.json --board ${board.name}).`));
  process.exit(1);
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

site.powerOn();
for (const d of file.dead) site.units[d - 1].powerOff();
runInRealTime(clock);
const bridge = await bridgeUart(terminal, {
  port: Number(o.port),
  ptyPath: o.pty,
  onEvent: (t) => say(pc.green("line"), t),
}).catch((e: NodeJS.ErrnoException) => {
  console.error(
    pc.red(e.code === "EADDRINUSE" ? `TCP port ${o.port} is in use (another npm start?): choose another with --port.` : `cannot open the terminal port: ${e.message}`),
  );
  process.exit(1);
});

console.log(
  [
    "",
    pc.bold(`Simulated site (${path.relative(root, o.site)}): ${size} SMC${size > 1 ? "s" : ""} (${board.title}) in a ${file.ring ? "ring" : "chain"}, each running dist/${o.board}.js in the Espruino emulation.`),
    `Modem on SMC ${file.modems.primary} answers at ${file.answerRings.primary} rings` +
      (file.modems.backup ? `; backup modem on SMC ${file.modems.backup} (on its phone-out) at ${file.answerRings.backup}` : "") +
      (file.dead.length ? `; dead: SMC ${file.dead.join(", ")}` : "") +
      ".",
    `Your terminal is a console-side modem on the phone line: dial the site with ATDT${SITE_NUMBER}. Reach it with:`,
    `  npm run console -- ${bridge.port} --dial ${SITE_NUMBER} --auth ${size}:${siteUser} status ${size}   (the maintenance console: docs/console.md)`,
    `  npm run console -- term tcp://127.0.0.1:${bridge.port}   (raw terminal; Ctrl-] quits)`,
    `  nc 127.0.0.1 ${bridge.port}                   (line mode: you see your typing twice)`,
    bridge.ptyPath ? `  screen ${bridge.ptyPath} 9600         (pseudo-terminal, via socat)` : "  (no pseudo-terminal: install socat for one)",
    `SMC ids ${site.ids.join(", ")}; SMC n has user ${siteUser}, password ${sitePassword(1).replace("1", "<n>")}.`,
    `Try: ATDT${SITE_NUMBER}   (wait for CONNECT)   AUTH ${siteUser} ${sitePassword(size)}   STATUS   @${site.ids[size - 1]} RESET   MAP   HELP   BYE`,
    `Here you can type: kill <n>, revive <n>, cut <n> <m>, mend <n> <m>, temp <n> <C> (the SMC's own), input <n> <name> <value> (a server input: ${Object.keys(board.inputs ?? {}).join(", ") || "none"}), crash <n>, hangup (the line drops), quit.`,
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
const rl = readline.createInterface({ input: process.stdin });
rl.on("line", (line) => {
  const [cmd, a, b, c] = line.trim().split(/\s+/);
  try {
    if (cmd === "quit") {
      bridge.close();
      process.exit(0);
    } else if (cmd === "kill") site.units[unitOf(a)].powerOff();
    else if (cmd === "revive") site.units[unitOf(a)].powerOn();
    else if (cmd === "cut") site.wire(unitOf(a), unitOf(b)).cut();
    else if (cmd === "mend") site.wire(unitOf(a), unitOf(b)).mend();
    else if (cmd === "temp") site.units[unitOf(a)].hw.temperature = Number(b);
    else if (cmd === "input") setServerInput(unitOf(a), b, c);
    else if (cmd === "hangup") site.consoleModem?.lineLost();
    else if (cmd === "crash") {
      site.servers[unitOf(a)].on = false;
      site.units[unitOf(a)].hw.setInput("powerGood", false);
    } else if (cmd) throw new Error("kill <n> | revive <n> | cut <n> <m> | mend <n> <m> | temp <n> <C> | input <n> <name> <value> | crash <n> | hangup | quit");
    if (cmd) say(pc.green("site  "), line.trim());
  } catch (e) {
    say(pc.red("?     "), (e as Error).message);
  }
});
process.on("SIGINT", () => {
  bridge.close();
  process.exit(0);
});
