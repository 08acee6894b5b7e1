// The HAL over Espruino's API: the only firmware file that names Espruino
// globals. Written for the interpreter's quirks (NOTES.md): no hoisting is
// relied on, no Array.prototype methods are named, no labels.
//
// Shaped for a board's variables (NOTES.md, "What the firmware's variables
// are"): every function object costs ~7 of them, a closure made in a
// factory more. So there are no per-port or per-instance closures: the
// three UARTs share one class's methods, one object serves as Pins, Clock
// and System (their method names do not overlap), Espruino's own functions
// are used directly where the interface's call fits them (natives ignore
// `this`), and what runs once at boot is inside createEspruinoHal.
import { BoardDesc, PortDesc } from "./board";
import { RecordStore } from "./recordFile";
import { Clock, Edge, Hal, Pins, System, Uart } from "./types";

declare const global: { [name: string]: any };

/**
 * The Espruino object (a SerialN, a pin) a board file names. Boot only
 * (dropAfterBoot): every pin name is looked up once when the HAL is made,
 * so a board file naming a pin the board lacks stops the boot; the pins'
 * methods then read `global` themselves (one call fewer on each, and no
 * function kept for good).
 */
function lookup(name: string): any {
  const v = global[name];
  if (v === undefined) throw new Error("board: no " + name);
  return v;
}

/**
 * Espruino's watch callback for a handler of the level: made here, not in
 * watch(), so each watch (they last for good) keeps only `handler` alive,
 * not watch()'s whole scope.
 */
function levelOf(handler: (high: boolean) => void): (e: any) => void {
  return (e) => handler(!!e.state);
}

/** One UART behind a logical port. */
class Port implements Uart {
  /** The SerialN. */
  s: any;
  /** Its setup options: the pins, where the board file names them (none: the Linux build reads the device path from an options object). */
  o: any;
  /** Its receiver. */
  r?: (bytes: string) => void;
  /** What is attached now, the receiver or (spliced) another port's native write, kept to attach it again after the interpreter dropped it (Chip.mend). */
  f?: (bytes: string) => void;
  constructor(d: PortDesc) {
    this.s = lookup(d.serial);
    // A path set before boot (Linux build, .boot0) wins over the board file's.
    if (d.path && !this.s.path) this.s.path = d.path;
    if (d.tx || d.rx) this.o = { tx: lookup(d.tx!), rx: lookup(d.rx!) };
  }
  setup(baud: number): void {
    if (this.o) this.s.setup(baud, this.o);
    else this.s.setup(baud);
    // Boot-only (dropAfterBoot): the pins' options are not needed again.
    delete this.o;
  }
  write(bytes: string): void {
    this.s.write(bytes);
  }
  onData(receiver: (bytes: string) => void): void {
    this.r = receiver;
    this.splice();
  }
  // Espruino's own write, bound to the other port: the event loop hands
  // each chunk to native code (host/bench/relayCpu.ts, NATIVE_FORWARD).
  splice(to?: Port): void {
    this.s.removeAllListeners("data");
    this.s.on("data", (this.f = to ? to.s.write.bind(to.s) : this.r));
  }
}

/**
 * The board's pins (by role), its clock and the chip itself. The timer
 * calls, the watchdog's kick, the temperature, the CRC and (but on the
 * Linux build) the reboot are Espruino's functions themselves.
 */
class Chip implements Pins, Clock, System {
  /** The board's pin map: role -> pin name. */
  m: { [role: string]: string };
  /** The last time now() gave: getTime() follows setTime(), now() never steps back. */
  l = 0;
  after = setTimeout as any as Clock["after"];
  cancel = clearTimeout as any as Clock["cancel"];
  // every and enableWatchdog: on the prototype, below (boot-only: dropAfterBoot deletes them).
  declare every: Clock["every"];
  kickWatchdog = E.kickWatchdog;
  reboot = E.reboot;
  temperature = E.getTemperature;
  crc32 = E.CRC32;
  log = console.log as (line: string) => void;
  // Not kicked automatically: the firmware's own timer kicks it (the caller passes false).
  declare enableWatchdog: System["enableWatchdog"];
  memory = process.memory as () => { free: number; usage: number };
  /** The UARTs (the HAL's own Ports object, no copy), for mend. */
  q!: { [role: string]: Port };

  constructor(b: BoardDesc) {
    this.m = b.pins;
  }

  write(role: string, high: boolean): void {
    digitalWrite(global[this.m[role]], high ? 1 : 0);
  }
  // digitalPulse needs a hardware timer the Linux build lacks; a write plus
  // a timer works on every board and lets the caller know when it ended.
  pulse(role: string, high: boolean, ms: number, done?: () => void): void {
    const pin = global[this.m[role]];
    digitalWrite(pin, high ? 1 : 0);
    setTimeout(() => {
      digitalWrite(pin, high ? 0 : 1);
      if (done) done();
    }, ms);
  }
  // Digital first and alone: DCD is read on every chunk from the modem.
  read(role: string, analog?: boolean): any {
    if (!analog) return digitalRead(global[this.m[role]]) === 1;
    try {
      return analogRead(global[this.m[role]]);
    } catch (e) {
      return NaN;
    }
  }
  watch(role: string, edge: Edge, debounceMs: number, handler: (high: boolean) => void): number {
    return setWatch(levelOf(handler), lookup(this.m[role]), { repeat: true, edge: edge, debounce: debounceMs } as any) as any;
  }
  has(role: string): boolean {
    return !!this.m[role];
  }
  now(): number {
    const t = Math.floor(getTime() * 1000);
    if (t > this.l) this.l = t;
    return this.l;
  }
  // Out of memory, Espruino stops the running handler where it is and, when
  // a UART's receiver was running, removes it ("Error processing Serial data
  // handler - removing it"): the port would hear nothing more until a
  // reboot. Attaching it again delivers what came meanwhile (Espruino holds
  // it). Only when a flag is set: otherwise this costs one empty array.
  mend(): string {
    const f = E.getErrorFlags().join(",");
    const q = this.q;
    if (f) {
      for (const k in q) {
        q[k].s.removeAllListeners("data");
        if (q[k].f) q[k].s.on("data", q[k].f);
      }
    }
    return f;
  }
}

// Boot-only natives (hal/types.ts): on the prototype, where dropAfterBoot
// can delete them (an instance's own properties it cannot reach): ~3
// variables each on a board, their names being long and reserved.
Chip.prototype.every = setInterval as any as Clock["every"];
Chip.prototype.enableWatchdog = E.enableWatchdog;

/**
 * Drops functions nothing calls after the boot (app/smc.ts, Smc.bootOnly),
 * the HAL's own classes and this function too. The bundle has no wrapper,
 * so each top-level function is a global of Espruino's root scope, ~5-9
 * variables on a board for good unless its name is deleted (docs/bench.md,
 * "Resident variables"); a class's constructor is also its prototype's
 * `constructor`, which nothing reads: deleted too, the prototype staying
 * with the objects made from it. The names are the minifier's, so they are
 * found by what they hold: the keys first, then the deletes (a delete
 * while for-in walks the root could end the walk).
 */
export function dropAfterBoot(fns: any[]): void {
  // Typed (not `any`), so their names are mangled as the methods' are (mangle.ts).
  const chip: Partial<Chip> = Chip.prototype;
  const port: Partial<Port> = Port.prototype;
  const store: Partial<RecordStore> = RecordStore.prototype;
  fns.push(dropAfterBoot, Chip, Port, RecordStore, levelOf, lookup);
  const names: string[] = [];
  for (const k in global) if (fns.indexOf(global[k]) >= 0) names.push(k);
  for (let i = 0; i < names.length; i++) delete global[names[i]];
  for (let i = 0; i < fns.length; i++) {
    const p = fns[i].prototype;
    if (p && p.constructor === fns[i]) delete p.constructor;
  }
  // The HAL's boot-only methods (hal/types.ts says which): every pin watch,
  // UART setup and receiver is made at boot, as every repeating timer and
  // the watchdog; the event log counts its records once. (levelOf goes with watch: it made the watches'
  // callbacks, which stay.)
  delete chip.watch;
  delete chip.every;
  delete chip.enableWatchdog;
  delete port.setup;
  delete port.onData;
  delete store.recordCount;
}

export function createEspruinoHal(board: BoardDesc): Hal {
  // First, before any UART is opened: no byte from outside may reach a
  // REPL. Espruino moves the REPL to Serial1 when USB is unplugged; forcing
  // it keeps a caller on the modem or a neighbour link away from it. Here,
  // not a method: it runs once, and a method stays for good (~7 variables).
  const where = board.console;
  (E as any).setConsole(where === "none" ? null : where === "USB" ? "USB" : lookup(where), { force: true });
  delete (board as { console?: unknown }).console;
  const p = board.ports;
  // Every pin the board file names, once (the pins' methods do not look them up).
  for (const role in board.pins) lookup(board.pins[role]);
  const chip = new Chip(board);
  // Espruino's Linux build cannot reboot: its E.reboot() prints "Not
  // implemented" and ends the process (status 1), the only way out of
  // board mode. So on the Linux board a reboot is that exit, on purpose,
  // said first on the console, and its supervisor (the systemd unit in
  // boards/linux/smc.service, Restart=always) starts the SMC again, as a
  // board's reset would. Boots mark it clean before (app/boots.ts). Only
  // that board carries this function.
  if (board.name === "linux") {
    chip.reboot = () => {
      console.log("REBOOT: the process ends; its supervisor starts the SMC again");
      E.reboot();
    };
  }
  const hal: Hal = {
    ports: { modem: new Port(p.modem) },
    pins: chip,
    clock: chip,
    // Through `global`: a bundler would wrap a bare require() in a shim that
    // names Proxy, which Espruino lacks. Storage's own read, write and erase
    // are the Flash the record files need (espruino-globals.d.ts).
    store: new RecordStore(lookup("require")("Storage") as StorageModule),
    sys: chip,
  };
  if (p.linkA) hal.ports.linkA = new Port(p.linkA);
  if (p.linkB) hal.ports.linkB = new Port(p.linkB);
  chip.q = hal.ports as unknown as { [role: string]: Port };
  // The port descriptions are boot-only (the Ports hold what they need) and
  // the board object lives on in the SMC's context: ~30 variables on a board.
  delete (board as { ports?: unknown }).ports;
  return hal;
}
