// Framed lines for programs: `!<seq> <command>*<CRC>`, where seq is 1-4
// decimal digits chosen by the sender, and CRC is the CRC-16/CCITT-FALSE of
// every byte before the "*", as 4 upper-case hex digits. Replies come back
// as one framed line each with the request's seq. Pure.
import { crc16, hex } from "./crc16";

interface FramedLine {
  seq: string;
  body: string;
}

/** The request's seq and body, or undefined when the frame is malformed or its CRC is wrong. */
export function parseFramed(text: string): FramedLine | undefined {
  const star = text.lastIndexOf("*");
  const space = text.indexOf(" ");
  if (star < 0 || space < 2 || space > 5 || space > star || text.length !== star + 5) return undefined;
  const seq = text.substring(1, space);
  for (let i = 0; i < seq.length; i++) {
    const d = seq.charCodeAt(i);
    if (d < 48 || d > 57) return undefined;
  }
  if (hex(crc16(text.substr(0, star)), 4) !== text.substr(star + 1).toUpperCase()) return undefined;
  return { seq: seq, body: text.substring(space + 1, star) };
}

/** One framed reply line, with its line ending. */
export function frame(seq: string, text: string): string {
  const head = "!" + seq + " " + text;
  return head + "*" + hex(crc16(head), 4) + "\r\n";
}
