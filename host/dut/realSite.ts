// SiteDut over real interpreters: one process per SMC, linux bundle, link
// UARTs joined through this process (so a cable can be cut), the console on
// the first SMC's Serial1.
import { readFileSync } from "node:fs";
import { defaultConfig, parseConfig } from "../../firmware/config";
import { RealBoard, startRealBoard, waitFor } from "../real";
import { configDocument } from "../sim/provision";
import { siteUser, sitePassword } from "../sim/site";
import { DEFAULT_DEADLINE, matches } from "./dut";
import type { SiteDut, SiteOptions } from "./siteDut";
import { boardBytesPath } from "../build/build";
import { loadBoard } from "./virtualDut";

const MODEM = 1;
const LINK_A = 2;
const LINK_B = 3;

export async function realSite(opts: SiteOptions, real: { bootBin?: string; boot0Extra?: string } = {}): Promise<SiteDut & { boards: RealBoard[] }> {
  const board = loadBoard("linux");
  const bundle = readFileSync(boardBytesPath("linux"), "latin1");
  const pins = Object.values(board.pins).map((p) => Number(p.slice(1)));
  const pinOf = (role: string) => Number(board.pins[role].slice(1));
  const ids = opts.ids ?? Array.from({ length: opts.size }, (_, i) => i + 1);
  const pass = opts.wiring === "passthrough";
  const boards = await Promise.all(
    ids.map((id, k) =>
      startRealBoard({
        bundle,
        files: {
          "smc.json": configDocument({
            id,
            user: siteUser,
            password: sitePassword(id),
            salt: "5a17" + id.toString(16).padStart(4, "0"),
            // In pass-through wiring every SMC after the first has an imitated modem.
            modem: (pass && k > 0) || opts.hayes?.[k] ? "hayes" : "direct",
            answerRings: pass && k > 0 ? 1 : opts.hayes?.[k]?.answerRings,
            primaryId: opts.hayes?.[k]?.primaryId,
            wiring: opts.wiring,
            passNext: pass ? k < opts.size - 1 : undefined,
            passFirst: pass && k > 0 ? false : undefined,
            modemBaud: opts.modemBaud,
            linkBaud: opts.linkBaud,
            t: opts.t,
          }),
        },
        uarts: [MODEM, LINK_A, LINK_B],
        pins,
        bootBin: real.bootBin,
        boot0Extra: real.boot0Extra,
      }),
    ),
  );
  // Cables: unit k's link A to unit k+1's link B (and the last back to the first in a ring).
  type Damage = { kind: string; n: number; done: number; last: string };
  const cables: Array<{ a: number; b: number; cut: boolean; damage?: Record<number, Damage> }> = [];
  /** Bytes from unit `from` on a cable, with the damage asked for by damage(). */
  const carry = (d: Buffer, dmg: Damage | undefined): Buffer => {
    if (!dmg) return d;
    const out = Buffer.from(d);
    for (let i = 0; i < out.length; i++) {
      const c = String.fromCharCode(out[i]);
      if (dmg.done < dmg.n && dmg.last === "#" && c === dmg.kind) {
        out[i] = 0x3f;
        dmg.done++;
      }
      dmg.last = c;
    }
    return out;
  };
  const join = (a: number, b: number) => {
    const cable: (typeof cables)[number] = { a, b, cut: false };
    cables.push(cable);
    boards[a].uart(LINK_A).onData((d) => cable.cut || boards[b].uart(LINK_B).write(carry(d, cable.damage?.[a])));
    boards[b].uart(LINK_B).onData((d) => cable.cut || boards[a].uart(LINK_A).write(carry(d, cable.damage?.[b])));
  };
  // Pass-through: unit k's UART2 and control lines to unit k+1's modem port.
  const pinTimers: NodeJS.Timeout[] = [];
  const passCable = (a: number, b: number) => {
    const cable = { a, b, cut: false };
    cables.push(cable);
    boards[a].uart(LINK_A).onData((d) => cable.cut || boards[b].uart(MODEM).write(d));
    boards[b].uart(MODEM).onData((d) => cable.cut || boards[a].uart(LINK_A).write(d));
    const follow: Array<[RealBoard, string, RealBoard, string]> = [
      [boards[a], "ptRi", boards[b], "ri"],
      [boards[a], "ptDcd", boards[b], "dcd"],
      [boards[b], "dtr", boards[a], "ptDtr"],
    ];
    pinTimers.push(
      setInterval(() => {
        for (const [from, out, to, input] of follow) {
          const level = from.readPin(pinOf(out));
          if (to.readPin(pinOf(input)) !== level) to.setPin(pinOf(input), level);
        }
      }, 2),
    );
  };
  for (let k = 0; k + 1 < opts.size; k++) (pass ? passCable : join)(k, k + 1);
  if (opts.ring && opts.size > 1 && !pass) join(opts.size - 1, 0);
  const cable = (a: number, b: number) => {
    const c = cables.find((x) => (x.a === a && x.b === b) || (x.a === b && x.b === a));
    if (!c) throw new Error(`units ${a} and ${b} are not neighbours`);
    return c;
  };
  const term = boards[0].uart(MODEM);
  let cleared = 0;
  const text = () => term.received().toString("latin1").slice(cleared);
  const t0 = performance.now();
  const now = () => performance.now() - t0;
  const t = parseConfig(configDocument({ id: 1, user: "x", password: "x", t: opts.t })).config.t;
  return {
    backend: "real",
    boards,
    size: opts.size,
    ring: opts.ring,
    ids,
    t: { ...defaultConfig().t, ...t },
    slackMs: 60,
    send: (bytes) => term.write(bytes),
    text,
    clear: () => {
      cleared = term.received().length;
    },
    waitFor: async (needle, deadline = DEFAULT_DEADLINE) => {
      await waitFor(() => matches(text(), needle), deadline, () => `${String(needle)} at the console: ${JSON.stringify(text())}`);
      return text();
    },
    output: (u, role) => boards[u].readPin(pinOf(role)) === 1,
    waitOutput: async (u, role, level, deadline) => {
      await waitFor(() => (boards[u].readPin(pinOf(role)) === 1) === level, deadline, () => `unit ${u} ${role} ${level ? "high" : "low"}; its console: ${JSON.stringify(boards[u].console().slice(-400))}`);
      return now();
    },
    setInput: (u, role, level) => boards[u].setPin(pinOf(role), level ? 1 : 0),
    console: (u) => boards[u].console(),
    waitConsole: async (u, needle, deadline) => {
      await waitFor(() => boards[u].console().includes(needle), deadline, () => `unit ${u} console ${JSON.stringify(needle)}: ${JSON.stringify(boards[u].console())}`);
      return boards[u].console();
    },
    kill: (u) => boards[u].powerOff(),
    powerOn: (u) => boards[u].powerOn(),
    cut: (a, b) => {
      cable(a, b).cut = true;
    },
    mend: (a, b) => {
      cable(a, b).cut = false;
    },
    damage: (from, to, kind, n) => {
      const c = cable(from, to);
      const d: Damage = { kind, n, done: 0, last: "" };
      c.damage = { ...c.damage, [from]: d };
      return () => d.done;
    },
    inject: (u, port, bytes) => boards[u].uart(port === "linkA" ? LINK_A : LINK_B).write(bytes),
    flood: (u, port, rate, make) => {
      const t0 = performance.now();
      let sent = 0;
      const id = setInterval(() => {
        const due = Math.floor(((performance.now() - t0) * rate) / 1000) - sent;
        if (due <= 0) return;
        sent += due;
        boards[u].uart(port === "linkA" ? LINK_A : LINK_B).write(make(due));
      }, 10);
      return () => clearInterval(id);
    },
    now,
    pause: (ms) => new Promise((r) => setTimeout(r, ms)),
    close: async () => {
      for (const t of pinTimers) clearInterval(t);
      await Promise.all(boards.map((b) => b.kill()));
    },
  };
}
