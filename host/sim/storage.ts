// Flash storage as Espruino's Storage module presents it, in memory, so a
// "board" keeps its files across a simulated power cycle.
import { Interrupted } from "./interrupt";

/** Espruino Storage file names are at most 28 characters. */
const MAX_NAME = 28;

export class VirtualStorage {
  readonly files = new Map<string, string>();
  /** Every write, for tests that assert what was stored. */
  readonly writes: Array<{ name: string; bytes: number }> = [];
  /**
   * A power cut during the next write of a file matching `match`: only the
   * first `bytes` bytes land, and `cut` runs (the test powers the board off).
   */
  powerCut?: { match: (name: string) => boolean; bytes: number; cut: () => void };

  /**
   * The interpreter runs out of memory at a read of a file `interrupt`
   * returns true for (host/sim/interrupt.ts): the firmware is stopped there.
   */
  interrupt?: (name: string) => boolean;

  read(name: string): string | undefined {
    if (this.interrupt?.(name)) throw new Interrupted();
    return this.files.get(name);
  }

  /**
   * As Espruino's Storage.write: offset 0 (or none) makes a new file of
   * `size` bytes (default: the data's), the data at its start and the rest
   * erased (0xFF); a later offset writes into that file, within its size.
   */
  write(name: string, data: string, offset = 0, size?: number): boolean {
    if (!name || name.length > MAX_NAME) throw new Error("Storage: bad file name " + JSON.stringify(name));
    let d = String(data);
    const old = this.files.get(name);
    if (offset > 0 && (old === undefined || offset + d.length > old.length)) return false;
    const whole = (s: string) => (offset > 0 ? old!.substr(0, offset) + s + old!.substr(offset + s.length) : s + "\xff".repeat(Math.max(0, (size ?? d.length) - s.length)));
    const pc = this.powerCut;
    if (pc && pc.match(name)) {
      this.powerCut = undefined;
      // Only the first `bytes` of the data land; a new file's rest stays erased.
      d = d.substr(0, pc.bytes);
      this.files.set(name, offset > 0 ? whole(d) : d + "\xff".repeat(Math.max(0, (size ?? String(data).length) - d.length)));
      pc.cut();
      throw new Error("power cut");
    }
    this.files.set(name, whole(d));
    this.writes.push({ name, bytes: d.length });
    return true;
  }

  erase(name: string): void {
    this.files.delete(name);
  }

  list(): string[] {
    return [...this.files.keys()];
  }

  /** The object `require("Storage")` returns inside the emulation. */
  api(): object {
    return {
      read: (name: string) => this.read(name),
      write: (name: string, data: string, offset?: number, size?: number) => this.write(name, data, offset, size),
      erase: (name: string) => this.erase(name),
      list: () => this.list(),
      readJSON: (name: string, noExceptions?: boolean) => {
        const t = this.read(name);
        if (t === undefined) return undefined;
        try {
          return JSON.parse(t);
        } catch (e) {
          if (noExceptions) return undefined;
          throw e;
        }
      },
      writeJSON: (name: string, value: unknown) => this.write(name, JSON.stringify(value)),
      getFree: () => 256 * 1024 - [...this.files.values()].reduce((n, s) => n + s.length, 0),
    };
  }
}
