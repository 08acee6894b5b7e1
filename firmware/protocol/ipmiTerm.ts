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
// With `lv`, the bridging levels (Send Message, App 0x34, one inside the
// other: ipmitool's -t, and -T with -t):
//   line  unwraps at most two Send Messages: lv gets the terminal header
//         [netFn, seq, 0x34], then per level the IPMB request's header
//         [rqSA, netFn, rsSA, rqSeq, cmd]; the answer is the innermost
//         request as a terminal message [netFn, rqSeq, cmd, data]; or
//         Err.BadChecksum (an IPMB checksum), or 0xCC (a level too short,
//         a channel other than 0, a third level): the outer Send
//         Message's completion code
//   bytes completion code and data of the innermost level's answer ->
//         the Send Message's answer line, each level's IPMB response around
//         the next (rqSA, netFn+1, csum, rsSA, rqSeq, cmd, then 00 and the
//         level inside, or the answer, then the checksum): the form
//         ipmitool reads, a level's own completion code first. lv with the
//         terminal header alone: the Send Message's own code.
// Text commands ("[SYS PWD -U user pw]") are not hex: the caller tells them
// apart first (firmware/app/ipmi.ts).
import { Err } from "./errors";

export function ipmiTerm(x: string | number[], lv?: number[][]): number[] | number | string {
  if (typeof x !== "string") {
    if (lv) {
      for (let k = lv.length - 1; k > 0; k--) {
        const h = lv[k];
        const b = [h[0], h[1] | 4];
        b.push(-(b[0] + b[1]) & 255, h[2], h[3], h[4]);
        let c = 0;
        for (let i = 0; i < x.length; i++) b.push(x[i]);
        for (let i = 3; i < b.length; i++) c += b[i];
        b.push(-c & 255);
        x = [0].concat(b);
      }
      x = [lv[0][0] | 4, lv[0][1], lv[0][2]].concat(x);
    }
    let s = "[";
    for (let i = 0; i < x.length; i++) s += (i ? " " : "") + (x[i] < 16 ? "0" : "") + (x[i] & 255).toString(16).toUpperCase();
    return s + "]";
  }
  const n = x.length;
  if (x.charAt(0) !== "[" || x.charAt(n - 1) !== "]") return Err.BadArguments;
  let out: number[] = [];
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
  if (hi >= 0 || out.length < 3) return Err.BadArguments;
  // Send Message: channel, then an IPMB request rsSA netFn/LUN csum1 rqSA
  // rqSeq/LUN cmd data csum2 (csum2 over rqSA..data: ipmitool's outer one
  // covers rqSA..channel only, the same sum when the inner ones check).
  while (lv && out[0] >> 2 === 6 && out[2] === 0x34) {
    if (!lv.length) lv.push([out[0], out[1], 0x34]);
    if (out.length < 11 || (out[3] & 15) !== 0 || lv.length > 2) return 0xcc;
    let s = 0;
    for (let i = 7; i < out.length; i++) s += out[i];
    if (((out[4] + out[5] + out[6]) & 255) !== 0 || (s & 255) !== 0) return Err.BadChecksum;
    lv.push([out[7], out[5], out[4], out[8], out[9]]);
    out = [out[5], out[8], out[9]].concat(out.slice(10, out.length - 1));
  }
  return out;
}
