// IPMI Terminal Mode (IPMI v2.0 section 14, as Debian's ipmitool 1.8.19
// speaks it: host-tests/fixtures/ipmi/captures.json) on the console port:
// a line "[" hex pairs "]" is one message, bytes netFn/LUN, seq/bridge,
// cmd, data (a response: the completion code before the data). Pure.
//
// One function for both directions (one function object on a board, ~7
// variables, instead of one per job): given a line it decodes, given bytes it
// encodes.
//   line  "[18 0c 01]" or "[180c01]" -> [0x18, 0x0c, 0x01]; an Err when the
//         text between the brackets is not hex pairs (spaces allowed between
//         pairs, either case), lacks the "]", or has fewer than 3 bytes
//         (netFn/LUN, seq/bridge, cmd)
//   bytes [0x1c, 0x0c, 0x01, 0x00] -> "[1C 0C 01 00]" (no line ending; the
//         spec's examples' form: upper case, a space between pairs)
// Text commands ("[SYS PWD -U user pw]") are not hex: the caller tells them
// apart first (firmware/app/ipmi.ts).
import { Err } from "./errors";

export function ipmiTerm(x: string | number[]): number[] | number | string {
  if (typeof x !== "string") {
    let s = "[";
    for (let i = 0; i < x.length; i++) s += (i ? " " : "") + (x[i] < 16 ? "0" : "") + (x[i] & 255).toString(16).toUpperCase();
    return s + "]";
  }
  const n = x.length;
  if (x.charAt(0) !== "[" || x.charAt(n - 1) !== "]") return Err.BadArguments;
  const out: number[] = [];
  let hi = -1;
  for (let i = 1; i < n - 1; i++) {
    const c = x.charCodeAt(i) | 32;
    // A digit, a-f (upper case too: | 32), or a space between pairs.
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c === 32 && x.charCodeAt(i) === 32 && hi < 0 ? -2 : -1;
    if (d === -2) continue;
    if (d < 0) return Err.BadArguments;
    if (hi < 0) hi = d;
    else {
      out.push(hi * 16 + d);
      hi = -1;
    }
  }
  return hi >= 0 || out.length < 3 ? Err.BadArguments : out;
}
