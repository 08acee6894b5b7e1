// How many times this SMC has booted, and how the last run ended. Only a
// commanded reboot marks itself clean: a power cut and a watchdog reset
// look alike to the firmware (Espruino reports no reset cause).
import { Store } from "../hal";

const BOOT_FILE = "smc.boot";

export interface Boots {
  count: number;
  /** "first boot", "commanded reboot", or "power cut or watchdog". */
  lastEnd: string;
  /** Marks the coming reboot as commanded. */
  markClean(): void;
}

export function countBoot(store: Store): Boots {
  let prev: any;
  try {
    prev = JSON.parse(store.read(BOOT_FILE) || "{}");
  } catch (e) {
    prev = {};
  }
  const count = (prev.n | 0) + 1;
  const lastEnd = count === 1 ? "first boot" : prev.clean ? "commanded reboot" : "power cut or watchdog";
  // One write per boot: flash wear is no concern at that rate.
  store.write(BOOT_FILE, JSON.stringify({ n: count, clean: false }));
  return {
    count: count,
    lastEnd: lastEnd,
    markClean: () => {
      store.write(BOOT_FILE, JSON.stringify({ n: count, clean: true }));
    },
  };
}
