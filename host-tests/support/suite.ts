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
        try {
          await s.run(current);
        } catch (e) {
          // What the device said last: a failure on the real interpreter
          // may not be reproducible, so its evidence goes with it.
          const d = current as unknown as { text?: (p?: string) => string; console?: (u?: number) => string };
          const tail = (t: string) => JSON.stringify(t.slice(-600));
          let said = "";
          try {
            if (d.text) said += "\n  port text: " + tail(d.text("modem"));
            if (d.console) said += "\n  console: " + tail(d.console(0));
          } catch {
            // The evidence is optional.
          }
          if (e instanceof Error && said) e.message += said;
          throw e;
        }
      });
    }
  });
}
