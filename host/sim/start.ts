// `npm start`: one simulated SMC running the built bundle in the Espruino
// emulation, in real time, with its modem port reachable from a terminal.
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import readline from "node:readline";
import { Command } from "commander";
import pc from "picocolors";
import type { BoardDesc } from "../../firmware/hal/board";
import { VirtualClock } from "./clock";
import { configDocument } from "./provision";
import { runInRealTime } from "./realtime";
import { SimServer } from "./server";
import { bridgeUart } from "./terminalBridge";
import { SimUnit } from "./unit";
import { connect, UartEnd } from "./wire";

const root = path.resolve(import.meta.dirname, "../..");

const program = new Command()
  .name("npm start --")
  .description("Run a simulated SMC and put its modem port on a TCP port and a pseudo-terminal.")
  .option("-b, --board <name>", "board whose bundle runs (boards/<name>.json)", "linux")
  .option("-p, --port <n>", "TCP port on 127.0.0.1 for the terminal", "7001")
  .option("--id <n>", "the SMC's ID code", "1")
  .option("--user <name>", "user name provisioned on the SMC", "admin")
  .option("--password <pw>", "password provisioned on the SMC (stored hashed)", process.env.SMC_PASSWORD ?? "admin-demo")
  .option("--pty <path>", "pseudo-terminal link to create (needs socat)", path.join(tmpdir(), "smc-modem"))
  .parse();
const o = program.opts();

const board: BoardDesc = JSON.parse(readFileSync(path.join(root, "boards", `${o.board}.json`), "utf8"));
const code = readFileSync(path.join(root, "dist", `${o.board}.js`), "utf8");
const clock = new VirtualClock();
const unit = new SimUnit(clock, board, { kind: "bundle", code });
unit.hw.storage.write("smc.json", configDocument({ id: Number(o.id), user: o.user, password: o.password }));
const server = new SimServer(unit.hw);
const terminal = new UartEnd("terminal");
terminal.setBaud(9600);
connect(clock, unit.hw.port("modem"), terminal);

const say = (who: string, text: string) => console.log(pc.dim(new Date().toISOString().substr(11, 12)) + " " + who + " " + text);
let printed = 0;
let lastPins = 0;
setInterval(() => {
  const out = unit.hw.console.output;
  if (out.length > printed) {
    for (const line of out.substr(printed).split(/\r?\n/)) if (line) say(pc.cyan("smc "), line);
    printed = out.length;
  }
  const h = unit.hw.pins.history;
  for (; lastPins < h.length; lastPins++) {
    const c = h[lastPins];
    const role = Object.keys(board.pins).find((r) => board.pins[r] === c.pin) ?? c.pin;
    say(pc.yellow("pin "), `${role} (${c.pin}) ${c.level ? "high" : "low"} at ${c.at.toFixed(0)} ms`);
  }
  for (const e of clock.errors.splice(0)) say(pc.red("err "), String(e));
}, 50);

unit.powerOn();
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
    pc.bold(`Simulated SMC ${o.id} (${board.title}), running dist/${o.board}.js in the Espruino emulation.`),
    `Its modem port is on:`,
    `  npm run console -- ${bridge.port}            (raw terminal; Ctrl-] quits)`,
    `  nc 127.0.0.1 ${bridge.port}                   (line mode: you see your typing twice)`,
    bridge.ptyPath ? `  screen ${bridge.ptyPath} 9600         (pseudo-terminal, via socat)` : "  (no pseudo-terminal: install socat for one)",
    `Log in with: AUTH ${o.user} ${o.password}   then STATUS, RESET, POWER ON|OFF|CYCLE|STATE, LOGOUT, HELP.`,
    `Here you can type: temp <C>, crash (server loses power), usb-unplug, quit.`,
    "",
  ].join("\n"),
);

const rl = readline.createInterface({ input: process.stdin });
rl.on("line", (line) => {
  const [cmd, arg] = line.trim().split(/\s+/);
  if (cmd === "quit") {
    bridge.close();
    process.exit(0);
  } else if (cmd === "temp") {
    unit.hw.temperature = Number(arg);
  } else if (cmd === "crash") {
    server.on = false;
    unit.hw.setInput("powerGood", false);
  } else if (cmd === "usb-unplug") {
    unit.hw.console.unplugUsb();
    say(pc.yellow("usb "), `unplugged; REPL is on ${unit.hw.console.device}`);
  } else if (cmd) {
    say(pc.red("?   "), "temp <C> | crash | usb-unplug | quit");
  }
});
process.on("SIGINT", () => {
  bridge.close();
  process.exit(0);
});
