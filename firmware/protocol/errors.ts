// Final error results of the console protocol: `ERR <code> <text>`. Codes
// are stable (programs match on them); texts are for people.

export const enum Err {
  UnknownCommand = 1,
  BadArguments = 2,
  LineTooLong = 3,
  ControlByte = 4,
  BadChecksum = 5,
  NotAuthenticated = 6,
  AuthFailed = 7,
  LockedOut = 8,
  Busy = 9,
  Unreachable = 10,
  NoHardware = 11,
  PowerFailed = 12,
  SelfTestFailed = 13,
  /** The account's role is below the command's (detail: "needs operator"). */
  NotPermitted = 14,
  ConfirmNeeded = 15,
  NotSaved = 16,
  /** The interpreter ran out of memory and stopped the command midway (app/unit.ts, the tick). */
  OutOfMemory = 17,
}

// Indexed by code; kept as one string so it costs a single variable.
const TEXTS =
  "|unknown command|bad arguments|line too long|control character|bad checksum" +
  "|not authenticated|authentication failed|locked out|busy|unreachable" +
  "|not wired on this board|power state did not change|self-test failed|not permitted|repeat with CONFIRM at the end|not saved|out of memory";

/** A code's text (host tools and tests: the firmware has only errLine, one function fewer on a board). */
export function errText(code: number): string {
  return TEXTS.split("|")[code] || "error";
}

/** The final line for an error, without line ending: "ERR 10 unreachable", or with `why` "ERR 10 unreachable: link A down". */
export function errLine(code: number, why?: string): string {
  return "ERR " + code + " " + (TEXTS.split("|")[code] || "error") + (why ? ": " + why : "");
}
