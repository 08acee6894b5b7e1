// Seeded random input for the tests that throw untrusted bytes at an SMC.
import { rng } from "../../host/sim/wire";

export interface Noise {
  /** A whole number in [0, n). */
  int(n: number): number;
  pick<T>(xs: T[]): T;
  /** `n` random bytes, 0 to 255. */
  junk(n: number): string;
}

export function noise(seed: number): Noise {
  const random = rng(seed);
  const int = (n: number) => Math.floor(random() * n);
  return {
    int,
    pick: (xs) => xs[int(xs.length)],
    junk: (n) => {
      let s = "";
      for (let i = 0; i < n; i++) s += String.fromCharCode(int(256));
      return s;
    },
  };
}
