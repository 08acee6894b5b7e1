// What one link end received, judged by docs/protocol.md's rules rather
// than by the firmware: lines end at "\n"; bytes before a "#" are skipped;
// a line that is not `#` kind, six hex bytes, payload, `*` and the CRC-32
// (zlib's) of everything before the `*` is a damaged frame; a run of more
// than 232 bytes without a line end is dropped as an overflow. The receiver
// sees bytes in the chunks its UART hands over, and so does this. An SMC
// cutting through passes the call's through frames on unread: a damaged
// line it writes on to its other link (`other`) byte for byte is counted by
// the SMC that reads it, not by this one (docs/protocol.md, "Cut-through").
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
  // What the SMC wrote on `other` while handling the chunk (its receiver may
  // run before or after this one): damaged lines counted here and then
  // written on are taken back, lines written before are not counted.
  let out = "";
  let counted: string[] = [];
  if (other) {
    const write = other.write.bind(other);
    other.write = (bytes: string) => {
      const i = counted.indexOf(bytes);
      if (i >= 0) {
        counted.splice(i, 1);
        d.bad--;
      } else out += bytes;
      write(bytes);
    };
  }
  end.onData((bytes) => {
    counted = [];
    rx += bytes;
    for (let nl = rx.indexOf("\n"); nl >= 0; nl = rx.indexOf("\n")) {
      const line = rx.slice(0, nl);
      rx = rx.slice(nl + 1);
      const at = line.indexOf("#");
      if (line.length && (at < 0 || !isFrame(line.slice(at))) && out.indexOf(line + "\n") < 0) {
        d.bad++;
        counted.push(line + "\n");
      }
    }
    out = "";
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
