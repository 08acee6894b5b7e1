// One describe block running scenarios, each on a fresh device or site that
// is closed afterwards (processes killed, folders removed) whatever happens.
import { afterEach, describe, it } from "vitest";

interface Closable {
  close(): Promise<void>;
}

export interface Named<D> {
  name: string;
  run(d: D): Promise<void>;
}

export function scenarioSuite<D extends Closable, S extends Named<D>>(
  title: string,
  scenarios: S[],
  make: (s: S) => D | Promise<D>,
  skip = false,
): void {
  describe.skipIf(skip)(title, () => {
    let current: D | undefined;
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });
    for (const s of scenarios) {
      it(s.name, async () => {
        current = await make(s);
        await s.run(current);
      });
    }
  });
}
