// SiteDut over real interpreters: one process per SMC, each a realDut (its
// board's bundle, pin names aliased onto D pins), the link UARTs joined
// through this process (so a cable can be cut), the console on the first
// SMC's modem port. Units are the Linux build's bundle on bin/espruino
// unless `boards` says otherwise: then each unit's bundle boots on the
// interpreter suiteBinary() gives its board (the STM32 boards' own pools).
import { cableTap } from "./cableTap";
import { defaultConfig, parseConfig } from "../../firmware/config";
import { RealBoard, RealUart, waitFor } from "../real";
import { configDocument, siteCabled } from "../sim/provision";
import { siteUser, sitePassword } from "../sim/site";
import { DEFAULT_DEADLINE, matches, type PortRole } from "./dut";
import type { SiteDut, SiteOptions } from "./siteDut";
import { realDut, type RealDut } from "./realDut";
import { suiteBinary } from "./suiteBinary";

export interface RealSiteOptions {
  /** Every unit boots on this interpreter (a bench's board-layout binary), whatever its board. */
  bootBin?: string;
  /** More JavaScript for every unit's .boot0 (a bench's memory sampler). */
  boot0Extra?: string;
  /**
   * Board of each unit, in chain order ("linux" for the rest). A unit in
   * the middle of a links chain, or any unit of a ring, needs both links
   * (of the STM32 boards only the Original has them); the first needs
   * link A, the last link B; pass-through wiring needs link A but on the last.
   */
  boards?: string[];
}

export interface RealSite extends SiteDut {
  boards: RealBoard[];
  units: RealDut[];
  /** D pin number behind a role on unit `u`. */
  pinNumber(u: number, role: string): number;
}

export async function realSite(opts: SiteOptions, real: RealSiteOptions = {}): Promise<RealSite> {
  const ids = opts.ids ?? Array.from({ length: opts.size }, (_, i) => i + 1);
  const pass = opts.wiring === "passthrough";
  const boardOf = (k: number) => real.boards?.[k] ?? "linux";
  const started = await Promise.allSettled(
    ids.map((id, k) =>
      realDut(
        boardOf(k),
        {
          id,
          user: siteUser,
          password: sitePassword(id),
          // In pass-through wiring every SMC after the first has an imitated modem.
          modem: (pass && k > 0) || opts.hayes?.[k] ? "hayes" : "direct",
          answerRings: pass && k > 0 ? 1 : opts.hayes?.[k]?.answerRings,
          primaryId: opts.hayes?.[k]?.primaryId,
          wiring: opts.wiring,
          cabled: siteCabled(k, opts.size, opts.ring, opts.wiring),
          passNext: pass ? k < opts.size - 1 : undefined,
          passFirst: pass && k > 0 ? false : undefined,
          modemBaud: opts.modemBaud,
          linkBaud: opts.linkBaud,
          t: opts.t,
        },
        undefined,
        { bootBin: real.bootBin ?? suiteBinary(boardOf(k)).path, boot0Extra: real.boot0Extra },
      ),
    ),
  );
  const failed = started.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) {
    // realDut cleans up only its own unit: a sibling that started must not outlive the failure.
    await Promise.all(started.map((r) => r.status === "fulfilled" && r.value.close()));
    throw failed.reason;
  }
  const units = started.map((r) => (r as PromiseFulfilledResult<RealDut>).value);
  const boards = units.map((u) => u.real);
  /** Unit u's UART for a port role; a board without that port cannot take the place asked of it. */
  const port = (u: number, role: PortRole): RealUart => {
    const p = units[u].board.ports[role];
    if (!p) throw new Error(`unit ${u} (${units[u].board.name}) has no ${role}: it cannot take that place in this site`);
    return boards[u].uart(Number(p.serial.replace("Serial", "")));
  };
  const pinOf = (u: number, role: string) => units[u].pinNumber(role);
  // Cables: unit k's link A to unit k+1's link B (and the last back to the first in a ring).
  type Damage = { kind: string; n: number; done: number; last: string };
  const cables: Array<{ a: number; b: number; cut: boolean; damage?: Record<number, Damage> }> = [];
  /** Bytes from unit `from` on a cable, with the damage asked for by damage(). */
  const carry = (d: Buffer, dmg: Damage | undefined): Buffer => {
    if (!dmg) return d;
    const out = Buffer.from(d);
    for (let i = 0; i < out.length; i++) {
      const c = String.fromCharCode(out[i]);
      if (dmg.done < dmg.n && dmg.last === "#" && c.toUpperCase() === dmg.kind.toUpperCase()) {
        out[i] = 0x3f;
        dmg.done++;
      }
      dmg.last = c;
    }
    return out;
  };
  /** What a tap on the cables read (SiteDut.cables), each direction its own stream. */
  const tapped = cableTap();
  const tapOf = () => {
    const line = tapped.stream();
    return (d: Buffer): Buffer => {
      line(d.toString("latin1"));
      return d;
    };
  };
  const join = (a: number, b: number) => {
    const cable: (typeof cables)[number] = { a, b, cut: false };
    cables.push(cable);
    const [ua, ub] = [port(a, "linkA"), port(b, "linkB")];
    const [fromA, fromB] = [tapOf(), tapOf()];
    ua.onData((d) => cable.cut || ub.write(carry(fromA(d), cable.damage?.[a])));
    ub.onData((d) => cable.cut || ua.write(carry(fromB(d), cable.damage?.[b])));
  };
  // Pass-through: unit k's UART2 and control lines to unit k+1's modem port.
  const pinTimers: NodeJS.Timeout[] = [];
  const passCable = (a: number, b: number) => {
    const cable = { a, b, cut: false };
    cables.push(cable);
    const [ua, mb] = [port(a, "linkA"), port(b, "modem")];
    const [fromA, fromB] = [tapOf(), tapOf()];
    ua.onData((d) => cable.cut || mb.write(fromA(d)));
    mb.onData((d) => cable.cut || ua.write(fromB(d)));
    const follow: Array<[number, string, number, string]> = [
      [a, "ptRi", b, "ri"],
      [a, "ptDcd", b, "dcd"],
      [b, "dtr", a, "ptDtr"],
    ];
    pinTimers.push(
      setInterval(() => {
        for (const [from, out, to, input] of follow) {
          const level = boards[from].readPin(pinOf(from, out));
          if (boards[to].readPin(pinOf(to, input)) !== level) boards[to].setPin(pinOf(to, input), level);
        }
      }, 2),
    );
  };
  try {
    for (let k = 0; k + 1 < opts.size; k++) (pass ? passCable : join)(k, k + 1);
    if (opts.ring && opts.size > 1 && !pass) join(opts.size - 1, 0);
  } catch (e) {
    // A board put where its ports do not fit: nothing of the site may outlive the error.
    for (const t of pinTimers) clearInterval(t);
    await Promise.all(units.map((u) => u.close()));
    throw e;
  }
  const cable = (a: number, b: number) => {
    const c = cables.find((x) => (x.a === a && x.b === b) || (x.a === b && x.b === a));
    if (!c) throw new Error(`units ${a} and ${b} are not neighbours`);
    return c;
  };
  const term = port(0, "modem");
  let cleared = 0;
  const text = () => term.received().toString("latin1").slice(cleared);
  const t0 = performance.now();
  const now = () => performance.now() - t0;
  const t = parseConfig(configDocument({ id: 1, user: "x", password: "x", t: opts.t })).config.t;
  return {
    backend: "real",
    boards,
    units,
    pinNumber: pinOf,
    hasLink: (u, side) => !!units[u].board.ports[side === "A" ? "linkA" : "linkB"],
    hasPin: (u, role) => !!units[u].board.pins[role],
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
    output: (u, role) => boards[u].readPin(pinOf(u, role)) === 1,
    waitOutput: async (u, role, level, deadline) => {
      await waitFor(() => (boards[u].readPin(pinOf(u, role)) === 1) === level, deadline, () => `unit ${u} ${role} ${level ? "high" : "low"}; its console: ${JSON.stringify(units[u].console().slice(-400))}`);
      return now();
    },
    setInput: (u, role, level) => boards[u].setPin(pinOf(u, role), level ? 1 : 0),
    // The board's own console: USB, or the Nucleo's Serial2.
    console: (u) => units[u].console(),
    waitConsole: async (u, needle, deadline) => {
      await waitFor(() => units[u].console().includes(needle), deadline, () => `unit ${u} (${units[u].board.name}) console ${JSON.stringify(needle)}: ${JSON.stringify(units[u].console())}`);
      return units[u].console();
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
    cables: () => tapped.text(),
    inject: (u, role, bytes) => port(u, role).write(bytes),
    flood: (u, role, rate, make) => {
      const t0 = performance.now();
      let sent = 0;
      const id = setInterval(() => {
        const due = Math.floor(((performance.now() - t0) * rate) / 1000) - sent;
        if (due <= 0) return;
        sent += due;
        port(u, role).write(make(due));
      }, 10);
      return () => clearInterval(id);
    },
    now,
    pause: (ms) => new Promise((r) => setTimeout(r, ms)),
    close: async () => {
      for (const t of pinTimers) clearInterval(t);
      await Promise.all(units.map((u) => u.close()));
    },
  };
}
