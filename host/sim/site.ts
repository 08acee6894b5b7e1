// A simulated site: SMCs wired link to link in a chain (SMC k's link A to
// SMC k+1's link B) or a ring (the last one's link A back to the first's
// link B), on one virtual clock, with a terminal on the first SMC's modem
// port. Cables can be cut and SMCs powered off, for failover tests.
import type { Timings } from "../../firmware/config";
import type { BoardDesc } from "../../firmware/hal/board";
import { VirtualClock } from "./clock";
import { configDocument, siteCabled } from "./provision";
import { VirtualBoard } from "./hardware";
import { SimServer } from "./server";
import { Firmware, SimUnit } from "./unit";
import { SimModem } from "./modem";
import { PhoneLine } from "./phoneLine";
import { connect, Probe, Wire } from "./wire";

export interface SiteSpec {
  size: number;
  ring: boolean;
  board: BoardDesc;
  firmware: Firmware;
  /** ID codes in chain order; 1..size by default. */
  ids?: number[];
  modemBaud?: number;
  linkBaud?: number;
  t?: Partial<Timings>;
  /** Every unit's modem init commands (the firmware's default otherwise). */
  modemInit?: string[];
  /** What each SMC's UART1 is: "direct" (the terminal on the first one) unless a modem is simulated. */
  modem?: "hayes" | "direct";
  /** Per unit: ring thresholds and the primary's ID for a backup modem. */
  answerRings?: number[];
  primaryId?: number[];
  /**
   * Real-looking phone line: a modem on each listed unit (the first on the
   * wall jack, the next on its phone-out), and the terminal on a
   * console-side modem that dials SITE_NUMBER. Without it the terminal is
   * wired straight to the first SMC's UART1.
   */
  modems?: { units: number[]; cadence?: number[]; riPin?: boolean; ringLines?: boolean; connectDelayMs?: number };
  /**
   * "passthrough" (seed embodiment 5): SMC k's UART2 and its ptRi/ptDcd
   * outputs and ptDtr input are cabled to SMC k+1's modem port (UART1, RI,
   * DCD, DTR), as a modem would be. Default: links.
   */
  wiring?: "links" | "passthrough";
  /** Simulated servers behind each SMC (power button and power-good follow each other). */
  servers?: boolean;
}

export const siteUser = "admin";
/** The number the console dials. */
export const SITE_NUMBER = "5551234";
/** Every SMC of a simulated site has its own password. */
export const sitePassword = (id: number) => `pw-${id}`;

export class Site {
  readonly clock = new VirtualClock();
  readonly units: SimUnit[] = [];
  readonly servers: SimServer[] = [];
  /** wires[k] joins unit k and unit k+1 (the last one closes a ring). */
  readonly wires: Wire[] = [];
  readonly terminal = new Probe("terminal");
  readonly ids: number[];
  readonly line = new PhoneLine();
  /** Site modems by unit index, and the console's. */
  readonly modems = new Map<number, SimModem>();
  consoleModem?: SimModem;

  constructor(readonly spec: SiteSpec) {
    this.ids = spec.ids ?? Array.from({ length: spec.size }, (_, i) => i + 1);
    for (let k = 0; k < spec.size; k++) {
      const unit = new SimUnit(this.clock, spec.board, spec.firmware);
      const id = this.ids[k];
      unit.hw.storage.write(
        "smc.json",
        configDocument({
          id,
          user: siteUser,
          password: sitePassword(id),
          modem: spec.wiring === "passthrough" && k > 0 ? "hayes" : spec.modems ? (spec.modems.units.includes(k) ? "hayes" : "direct") : (spec.modem ?? "direct"),
          wiring: spec.wiring,
          cabled: siteCabled(k, spec.size, spec.ring, spec.wiring),
          passNext: spec.wiring === "passthrough" ? k < spec.size - 1 : undefined,
          passFirst: spec.wiring === "passthrough" && k > 0 ? false : undefined,
          answerRings: spec.answerRings?.[k] ?? (spec.wiring === "passthrough" && k > 0 ? 1 : undefined),
          primaryId: spec.primaryId?.[k],
          modemBaud: spec.modemBaud,
          linkBaud: spec.linkBaud,
          t: spec.t,
          modemInit: spec.modemInit,
        }),
      );
      this.units.push(unit);
      if (spec.servers) this.servers.push(new SimServer(unit.hw));
    }
    const linkBaud = spec.linkBaud ?? 115200;
    if (spec.wiring === "passthrough") {
      for (let k = 0; k + 1 < spec.size; k++) this.passThroughCable(this.units[k].hw, this.units[k + 1].hw);
    } else {
      for (let k = 0; k + 1 < spec.size; k++) this.wires.push(connect(this.clock, this.units[k].hw.port("linkA"), this.units[k + 1].hw.port("linkB")));
      if (spec.ring && spec.size > 1) this.wires.push(connect(this.clock, this.units[spec.size - 1].hw.port("linkA"), this.units[0].hw.port("linkB")));
    }
    for (const u of this.units) for (const r of ["linkA", "linkB"] as const) if (u.hw.board.ports[r]) u.hw.port(r).setBaud(linkBaud);
    this.terminal.setBaud(spec.modemBaud ?? 9600);
    if (!spec.modems) {
      connect(this.clock, this.units[0].hw.port("modem"), this.terminal);
      return;
    }
    const m = spec.modems;
    const opts = { cadence: m.cadence, riPin: m.riPin, ringLines: m.ringLines, connectDelayMs: m.connectDelayMs };
    for (const k of m.units) {
      const hw = this.units[k].hw;
      const modem = new SimModem(
        this.clock,
        {
          ri: (l) => hw.setInput("ri", l),
          dcd: (l) => hw.setInput("dcd", l),
          onDtr: (cb) => hw.pins.watch(hw.pinName("dtr"), { edge: "both", debounce: 0, repeat: true }, (e) => cb(e.state)),
        },
        opts,
      );
      modem.dte.setBaud(spec.modemBaud ?? 9600);
      connect(this.clock, hw.port("modem"), modem.dte);
      this.modems.set(k, modem);
    }
    this.line.attach(SITE_NUMBER, ...m.units.map((k) => this.modems.get(k)!));
    this.consoleModem = new SimModem(this.clock, {}, { connectDelayMs: m.connectDelayMs });
    this.consoleModem.dte.setBaud(spec.modemBaud ?? 9600);
    this.line.connectCaller(this.consoleModem);
    connect(this.clock, this.consoleModem.dte, this.terminal);
  }

  /** A modem cable from one SMC's pass-through port to the next SMC's modem port. */
  private passThroughCable(up: VirtualBoard, down: VirtualBoard): void {
    this.wires.push(connect(this.clock, up.port("linkA"), down.port("modem")));
    const follow = (from: VirtualBoard, out: string, to: VirtualBoard, input: string) =>
      from.pins.watch(from.pinName(out), { edge: "both", debounce: 0, repeat: true }, (e) => to.setInput(input, e.state));
    follow(up, "ptRi", down, "ri");
    follow(up, "ptDcd", down, "dcd");
    follow(down, "dtr", up, "ptDtr");
  }

  /** Powers every unit on except the dead ones (unit indexes): a dead SMC never boots. */
  powerOn(dead: number[] = []): void {
    this.units.forEach((u, k) => {
      if (!dead.includes(k)) u.powerOn();
    });
  }

  /**
   * The terminal went away (its connection closed): to the console-side
   * modem that is its DTE gone, so the call drops and the site sees the
   * carrier go, and whoever connects next dials a fresh call.
   */
  terminalGone(): void {
    this.consoleModem?.dteGone();
  }

  /** The wire between unit a and unit b (neighbours), in either order. */
  wire(a: number, b: number): Wire {
    const n = this.spec.size;
    const [lo, hi] = a < b ? [a, b] : [b, a];
    if (hi === lo + 1) return this.wires[lo];
    if (lo === 0 && hi === n - 1 && this.spec.ring) return this.wires[n - 1];
    throw new Error(`units ${a} and ${b} are not neighbours`);
  }
}
