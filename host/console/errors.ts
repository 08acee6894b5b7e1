// What can go wrong in a call, as values a program can tell apart, and the
// exit codes the CLI maps them to (docs/console.md, "Exit codes").

/** How one SMC's part of a command ended. */
export type Outcome =
  | "done"
  | "refused" // the SMC answered ERR <code>
  | "bad-credentials" // ERR 7, or the credentials belong to another SMC
  | "locked-out" // ERR 8
  | "unreachable" // ERR 10, or no answer on the line after every retry
  | "line-lost" // carrier lost / stream closed before the answer
  | "not-attempted"; // the call ended, or the console stopped, before this SMC's turn

export const EXIT = {
  done: 0,
  internal: 1,
  usage: 2,
  refused: 3,
  badCredentials: 4,
  lockedOut: 5,
  unreachable: 6,
  lineLost: 7,
  cannotOpen: 8,
  busyLine: 9,
  dialBusy: 10,
  dialNoAnswer: 11,
  dialNoCarrier: 12,
  dialNoDialtone: 13,
  modemFailed: 14,
} as const;

/** An ERR final line from an SMC. */
export class SmcError extends Error {
  constructor(readonly code: number, readonly text: string, readonly id?: number) {
    super(`${id !== undefined ? `SMC ${id}: ` : ""}ERR ${code} ${text}`);
  }
}

/** The call is gone: carrier lost, the stream closed, or it was hung up. */
export class LineLost extends Error {}

/** Every retry of a request went unanswered. */
export class NoReply extends Error {}

export type DialResult = "BUSY" | "NO ANSWER" | "NO CARRIER" | "NO DIALTONE" | "ERROR" | "NO RESPONSE";

/** The local modem did not connect. */
export class DialError extends Error {
  constructor(readonly result: DialResult, message: string) {
    super(message);
  }
}

export const DIAL_EXIT: Record<DialResult, number> = {
  BUSY: EXIT.dialBusy,
  "NO ANSWER": EXIT.dialNoAnswer,
  "NO CARRIER": EXIT.dialNoCarrier,
  "NO DIALTONE": EXIT.dialNoDialtone,
  ERROR: EXIT.modemFailed,
  "NO RESPONSE": EXIT.modemFailed,
};

/** Plain words for a dial result. */
export const DIAL_WORDS: Record<DialResult, string> = {
  BUSY: "the site's line is busy (someone else is in a call, or the modem is off the hook)",
  "NO ANSWER": "the site's modem did not answer (no modem on that number, or every SMC holding one is down)",
  "NO CARRIER": "the call did not connect (no carrier: the far modem answered nothing we could train with, or the line dropped)",
  "NO DIALTONE": "no dial tone: the local modem's phone cable is unplugged or the line is dead",
  ERROR: "the local modem refused a command",
  "NO RESPONSE": "the local modem does not answer AT (powered off, wrong port or baud rate, or a null-modem cable: drop --dial)",
};

/** Exit code for one SMC outcome. */
export const OUTCOME_EXIT: Record<Outcome, number> = {
  done: EXIT.done,
  refused: EXIT.refused,
  "bad-credentials": EXIT.badCredentials,
  "locked-out": EXIT.lockedOut,
  unreachable: EXIT.unreachable,
  "line-lost": EXIT.lineLost,
  "not-attempted": EXIT.lineLost,
};

/**
 * The worst of several outcomes decides the exit code: the line, then
 * credentials, then reachability, then refusals. An SMC not attempted
 * says nothing by itself: it was skipped for another's failure (which
 * decides), or the call dropped (the CLI then exits with the line failure).
 */
const RANK: Outcome[] = ["done", "not-attempted", "refused", "unreachable", "bad-credentials", "locked-out", "line-lost"];

export function worst(outcomes: Outcome[]): Outcome {
  let w: Outcome = "done";
  for (const o of outcomes) if (RANK.indexOf(o) > RANK.indexOf(w)) w = o;
  return w;
}
