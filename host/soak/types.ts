// What a soak runs on and what it reports. The soak (host/soak/soak.ts)
// speaks to a site only through SoakSite, so the same schedule runs on the
// TypeScript sources, on the bundle in the emulation (virtual clock) and on
// real interpreters (wall clock).
import type { Backend } from "../dut/dut";

export interface SoakSite {
  readonly backend: Backend;
  /** ID codes in chain order (unit k has ids[k]); unit 0 holds the primary modem. */
  readonly ids: number[];
  readonly ring: boolean;
  /** Units holding a site modem: the primary's first, then the backup's. */
  readonly modemUnits: number[];
  /** Timings the units were provisioned with. */
  readonly lockoutMs: number;
  readonly requestMs: number;
  /** Bytes from the console's terminal (to the console-side modem). */
  send(bytes: string): void;
  text(): string;
  clear(): void;
  /** Resolves true once cond(text()) holds, false at the deadline. */
  waitText(cond: (text: string) => boolean, deadlineMs: number): Promise<boolean>;
  pause(ms: number): Promise<void>;
  now(): number;
  /** Times (site clock, ms) at which unit's reset output rose, since the start. */
  resetTimes(unit: number): number[];
  kill(unit: number): Promise<void>;
  revive(unit: number): Promise<void>;
  cut(a: number, b: number): void;
  mend(a: number, b: number): void;
  /** The phone line drops: both modems lose carrier. */
  dropLine(): void;
  /** Variables in use on a unit's interpreter, where the backend can tell. */
  variables(unit: number): Promise<number | undefined>;
  /** What each unit's console printed (its log records), where the backend has one: for a person reading a finding. */
  consoles?(): string[];
  close(): Promise<void>;
}

export interface SoakOptions {
  seed: number;
  calls: number;
  /** Commands per call (before any long run). */
  commandsPerCall: number;
  /** Every n-th call runs more than 255 chain operations. */
  longCallEvery: number;
  /** Operations in a long call. */
  longCallOps: number;
  /** Time the links get to see a fault before the next call (heartbeats every second). */
  settleMs: number;
  /** Time after the line dropped during which no queued command may run. */
  afterDropMs: number;
}

/** What a soak saw. The "must be 0" figures are the last five counts. */
export interface SoakReport {
  backend: Backend;
  calls: number;
  callsAnswered: number;
  faults: number;
  commands: number;
  queuedBursts: number;
  carrierLosses: number;
  guesses: number;
  /** A command that ran more than once (a reset pulse beyond its command). */
  executedTwice: number;
  /** An answer that is not what happened (OK without the pulse, a pulse with ERR, another SMC's ID, ERR 6 from an SMC the call holds a permission for). */
  wrongAnswers: number;
  /** Access that outlived its call: a command answered or run after the call ended. */
  outlivedPermissions: number;
  /** A wrong guess answered as a guess while the lockout should have refused it. */
  uncountedGuesses: number;
  /** A call the site never answered while a modem SMC was alive, or a command never answered. */
  hung: number;
  /** Variables in use on SMC 2 (the backup modem's, never killed) at the start and the end, where the backend counts them. */
  variablesStart?: number;
  variablesEnd?: number;
  /** The first few findings, for a person. */
  findings: string[];
}

export const MUST_BE_ZERO = ["executedTwice", "wrongAnswers", "outlivedPermissions", "uncountedGuesses", "hung"] as const;
