// The command grammar (docs/protocol.md):
//   command = [ "@" id SP ] verb *( SP arg )
// Verbs are case-insensitive; arguments are case-sensitive words. The
// optional target ID lets one call address any SMC of a chain. The grammar
// knows each verb's number of arguments, so every SMC that parses a line
// (the one holding the console, and the target of a forwarded request)
// refuses a wrong count the same way. Pure.
import { Err } from "./errors";

const enum Id {
  /** Highest SMC ID code; IDs fit in one byte on the inter-SMC links (a const enum: no variable on a board). */
  Max = 250,
}

export interface Command {
  /** Target ID code, or 0 when the command names none. */
  target: number;
  verb: string;
  args: string[];
  /**
   * The command without its `@id`, as the parser read it: the verb in
   * upper case and its arguments, one space apart. What the head sends on
   * (a request, a line passed through), so no one joins the words again.
   */
  line: string;
  /**
   * Whether the SMC holding the console runs it itself, whatever the target
   * (AUTH, MAP, LOGOUT, BYE: commands of the call, never sent on as a request).
   */
  head: boolean;
  /** The seq of a framed line, so the answer can be framed the same way. */
  seq?: string;
}

/** Parses an ID code ("1".."250"); 0 when it is not one. */
export function parseId(text: string): number {
  if (text.length < 1 || text.length > 3) return 0;
  for (let i = 0; i < text.length; i++) {
    const d = text.charCodeAt(i);
    if (d < 48 || d > 57) return 0;
  }
  const n = parseInt(text, 10);
  return n >= 1 && n <= Id.Max ? n : 0;
}

/**
 * A command, or an Err code when the line is not one: ERR 1 for a verb that
 * is none, ERR 2 for a bad or second `@id`, an `@id` before a console
 * command, or a wrong number of arguments. Argument values are the
 * command's to check.
 */
export function parseCommand(text: string): Command | number {
  const parts = text.split(" ");
  const w: string[] = [];
  for (let i = 0; i < parts.length; i++) if (parts[i] !== "") w.push(parts[i]);
  let target = 0;
  if (w.length > 0 && w[0].charAt(0) === "@") {
    target = parseId(w[0].substr(1));
    if (!target) return Err.BadArguments;
    w.shift();
  }
  if (w.length === 0) return Err.UnknownCommand;
  const verb = w.shift()!.toUpperCase();
  if (verb.charAt(0) === "@") return Err.BadArguments;
  // Each verb, its least and most arguments, and "c" for the commands the
  // SMC holding the console runs itself, which take no `@id`. MAP's one
  // argument is for pass-through wiring only (an SMC passing MAP on says
  // how far it has gone); elsewhere MAP refuses it. One string searched
  // natively, a literal here: on a board it stays in flash, nothing resident.
  const VERBS = "|HELP:00|AUTH:24c|CHAL:00c|STATUS:00|RESET:00|POWER:11|READ:11|DIAG:00|LOG:02|CONFIG:05|MAP:01c|TIME:01c|LOGOUT:00c|BYE:00c|";
  // Where the verb's argument counts are in VERBS. Espruino's indexOf also
  // reports a key that runs past the end of the string when its start
  // matches the end ("|BYE:00c|".indexOf("|FROB:") is 8): only a whole
  // match is a verb.
  const key = "|" + verb + ":";
  let at = verb.indexOf("|") < 0 ? VERBS.indexOf(key) : -1;
  if (at < 0 || VERBS.substr(at, key.length) !== key) return Err.UnknownCommand;
  at += key.length;
  const n = w.length;
  const head = VERBS.charAt(at + 2) === "c";
  if (n < +VERBS.charAt(at) || n > +VERBS.charAt(at + 1) || (target && head)) return Err.BadArguments;
  return { target: target, verb: verb, args: w, line: n ? verb + " " + w.join(" ") : verb, head: head };
}
