// The HAL over Espruino's API: the only firmware file that names Espruino
// globals. Written for the interpreter's quirks (NOTES.md): no hoisting is
// relied on, no Array.prototype methods are named, no labels.
import { BoardDesc, PortDesc } from "./board";
import { storeOver } from "./recordFile";
import { Clock, Edge, Hal, Pins, Store, System, Uart } from "./types";

declare const global: { [name: string]: any };

function lookup(name: string): any {
  const v = global[name];
  if (v === undefined) throw new Error("board: no " + name);
  return v;
}

function espruinoUart(desc: PortDesc): Uart {
  const serial = lookup(desc.serial);
  // A path set before boot (Linux build, .boot0) wins over the board file's.
  if (desc.path && !serial.path) serial.path = desc.path;
  return {
    setup(baud: number) {
      // The Linux build reads the device path from an options object when
      // one is given, so pass none where the board names no pins.
      if (desc.tx || desc.rx) serial.setup(baud, { tx: lookup(desc.tx!), rx: lookup(desc.rx!) });
      else serial.setup(baud);
    },
    write(bytes: string) {
      serial.write(bytes);
    },
    onData(receiver: (bytes: string) => void) {
      serial.removeAllListeners("data");
      serial.on("data", receiver);
    },
  };
}

function espruinoPins(board: BoardDesc): Pins {
  const pinOf = (role: string): Pin => lookup(board.pins[role]);
  return {
    write(role, high) {
      digitalWrite(pinOf(role), high ? 1 : 0);
    },
    // digitalPulse needs a hardware timer the Linux build lacks; a write plus
    // a timer works on every board and lets the caller know when it ended.
    pulse(role, high, ms, done) {
      const pin = pinOf(role);
      digitalWrite(pin, high ? 1 : 0);
      setTimeout(() => {
        digitalWrite(pin, high ? 0 : 1);
        if (done) done();
      }, ms);
    },
    read(role) {
      return digitalRead(pinOf(role)) === 1;
    },
    analog(role) {
      try {
        return analogRead(pinOf(role));
      } catch (e) {
        return NaN;
      }
    },
    watch(role, edge: Edge, debounceMs, handler) {
      return setWatch(
        (e: any) => {
          handler(!!e.state);
        },
        pinOf(role),
        { repeat: true, edge: edge, debounce: debounceMs } as any,
      ) as any;
    },
    unwatch(id) {
      clearWatch(id as any);
    },
    has(role) {
      return !!board.pins[role];
    },
  };
}

function espruinoClock(): Clock {
  // getTime() follows setTime(); keep our own origin and never step back.
  let last = 0;
  // The timer calls are Espruino's own functions, not wrappers: a wrapper
  // costs variables on every board, and natives ignore `this`.
  return {
    now() {
      const t = Math.floor(getTime() * 1000);
      if (t > last) last = t;
      return last;
    },
    after: setTimeout as any,
    cancel: clearTimeout as any,
    every: setInterval as any,
    cancelEvery: clearInterval as any,
  };
}

function espruinoStore(): Store {
  // Through `global`: a bundler would wrap a bare require() in a shim that
  // names Proxy, which Espruino lacks.
  const storage = lookup("require")("Storage");
  return storeOver({
    read(name) {
      const t = storage.read(name);
      return t === undefined ? undefined : String(t);
    },
    // A full or worn flash throws; the caller gets false and carries on.
    write(name, text) {
      try {
        return storage.write(name, text) !== false;
      } catch (e) {
        return false;
      }
    },
    erase(name) {
      storage.erase(name);
    },
  });
}

function espruinoSystem(board: BoardDesc): System {
  return {
    enableWatchdog(seconds) {
      E.enableWatchdog(seconds, false);
    },
    kickWatchdog: E.kickWatchdog,
    // Espruino's Linux build cannot reboot: its E.reboot() prints "Not
    // implemented" and ends the process (status 1), the only way out of
    // board mode. So on the Linux board a reboot is that exit, on purpose,
    // said first on the console, and its supervisor (the systemd unit in
    // boards/linux/smc.service, Restart=always) starts the SMC again, as a
    // board's reset would. Boots mark it clean before (app/boots.ts).
    reboot:
      board.name === "linux"
        ? () => {
            console.log("REBOOT: the process ends; its supervisor starts the SMC again");
            E.reboot();
          }
        : E.reboot,
    temperature: E.getTemperature,
    freeMemory() {
      return process.memory().free;
    },
    usedMemory() {
      return process.memory().usage;
    },
    lockConsole() {
      // Espruino moves the REPL to Serial1 when USB is unplugged; forcing it
      // keeps a caller on the modem or a neighbour link away from it.
      const where = board.console;
      (E as any).setConsole(where === "none" ? null : where === "USB" ? "USB" : lookup(where), {
        force: true,
      });
    },
    log(line) {
      console.log(line);
    },
    crc32: E.CRC32,
  };
}

export function createEspruinoHal(board: BoardDesc): Hal {
  const ports: Hal["ports"] = { modem: espruinoUart(board.ports.modem) };
  if (board.ports.linkA) ports.linkA = espruinoUart(board.ports.linkA);
  if (board.ports.linkB) ports.linkB = espruinoUart(board.ports.linkB);
  return {
    ports: ports,
    pins: espruinoPins(board),
    clock: espruinoClock(),
    store: espruinoStore(),
    sys: espruinoSystem(board),
  };
}
