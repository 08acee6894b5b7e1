// What one link end received, judged by docs/protocol.md's rules rather
// than by the firmware: lines end at "\n"; bytes before a "#" are skipped;
// a line that is not `#` kind, six hex bytes, payload, `*` and the CRC-32
// (zlib's) of everything before the `*` is a damaged frame; a run of more
// than 232 bytes without a line end is dropped as an overflow. The receiver
// sees bytes in the chunks its UART hands over, and so does this. An SMC
// cutting through passes the call's through frames on unread, and one
// spliced passes every byte on natively: a damaged line it writes on to its
// other link (`other`) byte for byte is counted by the SMC that reads it,
// not by this one (docs/protocol.md, "Cut-through", "Splicing").
import type { UartEnd } from "../../host/sim/wire";
import { refCrc32 } from "./referenceCrc";

export interface LinkDamage {
  bad: number;
  overflows: number;
}

const SHAPE = /^#[^]([0-9A-F]{12})[^]*\*([0-9A-F]{8})$/;
const MAX_RUN = 232;

export function isFrame(text: string): boolean {
  const m = SHAPE.exec(text);
  return !!m && refCrc32(text.slice(0, -9)) === parseInt(m[2], 16);
}

/** Counts, from now on, the damage `end` receives and its SMC does not pass on through `other`, its other link. */
export function watchLinkDamage(end: UartEnd, other?: UartEnd): LinkDamage {
  const d: LinkDamage = { bad: 0, overflows: 0 };
  let rx = "";
  // What the SMC wrote on `other` lately (a line cut through is written
  // whole, one spliced natively chunk by chunk: docs/protocol.md,
  // "Splicing"), and the damaged lines counted here that it may still write
  // on (its receiver may run before or after this one, or later when its
  // CPU is busy): a damaged line found whole in what it wrote is taken back.
  let out = "";
  let counted: string[] = [];
  const passed = (line: string) => out.indexOf(line) >= 0;
  if (other) {
    const write = other.write.bind(other);
    other.write = (bytes: string) => {
      out = (out + bytes).slice(-4096);
      counted = counted.filter((l) => !passed(l) || (d.bad--, false));
      write(bytes);
    };
  }
  end.onData((bytes) => {
    rx += bytes;
    for (let nl = rx.indexOf("\n"); nl >= 0; nl = rx.indexOf("\n")) {
      const line = rx.slice(0, nl);
      rx = rx.slice(nl + 1);
      const at = line.indexOf("#");
      if (line.length && (at < 0 || !isFrame(line.slice(at))) && !passed(line + "\n")) {
        d.bad++;
        counted = [...counted, line + "\n"].slice(-16);
      }
    }
    if (rx.length > MAX_RUN) {
      d.overflows++;
      rx = "";
    }
  });
  return d;
}

/** The damage an SMC's NOISE records report, summed per link. */
export function loggedDamage(consoleText: string): Record<"A" | "B", LinkDamage> {
  const sum = { A: { bad: 0, overflows: 0 }, B: { bad: 0, overflows: 0 } };
  for (const line of consoleText.split(/\r?\n/)) {
    if (!/ NOISE /.test(line)) continue;
    for (const m of line.matchAll(/link ([AB]): (\d+) damaged frames, (\d+) overflows/g)) {
      const side = m[1] as "A" | "B";
      sum[side].bad += Number(m[2]);
      sum[side].overflows += Number(m[3]);
    }
  }
  return sum;
}
