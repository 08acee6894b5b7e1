// The command grammar (docs/protocol.md):
//   command = [ "@" id SP ] verb *( SP arg )
// Verbs are case-insensitive; arguments are case-sensitive words. The
// optional target ID lets one call address any SMC of a chain. Pure.
import { Err } from "./errors";

/** Highest SMC ID code; IDs fit in one byte on the inter-SMC links. */
export const MAX_ID = 250;

export interface Command {
  /** Target ID code, or 0 when the command names none. */
  target: number;
  verb: string;
  args: string[];
  /** The seq of a framed line, so the answer can be framed the same way. */
  seq?: string;
}

function words(text: string): string[] {
  const parts = text.split(" ");
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) if (parts[i] !== "") out.push(parts[i]);
  return out;
}

/** Parses an ID code ("1".."250"); 0 when it is not one. */
export function parseId(text: string): number {
  if (text.length < 1 || text.length > 3) return 0;
  for (let i = 0; i < text.length; i++) {
    const d = text.charCodeAt(i);
    if (d < 48 || d > 57) return 0;
  }
  const n = parseInt(text, 10);
  return n >= 1 && n <= MAX_ID ? n : 0;
}

/** A command, or an Err code when the line is not one. */
export function parseCommand(text: string): Command | number {
  const w = words(text);
  let target = 0;
  if (w.length > 0 && w[0].charAt(0) === "@") {
    target = parseId(w[0].substr(1));
    if (!target) return Err.BadArguments;
    w.shift();
  }
  if (w.length === 0) return Err.UnknownCommand;
  const verb = w.shift()!.toUpperCase();
  return { target: target, verb: verb, args: w };
}
