import { Account } from "../auth";

/** Durations in milliseconds. */
export interface Timings {
  /** Length of the pulse on the server's reset line. */
  resetMs: number;
  /** Power-button press that turns a server on. */
  pressMs: number;
  /** Power-button hold that forces a server off (ATX: more than 4 s). */
  holdMs: number;
  /** Pause between off and on in POWER CYCLE. */
  cycleGapMs: number;
  /** How long power-good may take to follow a power action before it counts as failed. */
  powerGoodMs: number;
  /** A session with no command for this long loses its permission. */
  idleMs: number;
  /** A modem call in which no SMC is authenticated is hung up after this long. */
  unauthMs: number;
  /** How long AUTH is refused after too many failures. */
  lockoutMs: number;
  /** A failed AUTH's wait, doubled for each failure in a row (docs/protocol.md, "Guessing"). */
  failDelayMs: number;
  /** Heartbeat period on the links between SMCs. */
  heartbeatMs: number;
  /** Link silence after which a neighbour counts as dead. */
  linkDownMs: number;
  /** Longest wait for an answer from another SMC (a POWER OFF there takes holdMs + powerGoodMs). */
  requestMs: number;
  /** Time a modem command has to answer. */
  modemCmdMs: number;
  /** The modem's carrier wait (its S7) in ms; the SMC waits this plus 5 s after ATA. */
  carrierWaitMs: number;
  /** Silence around the "+++" escape (the modem's S12). */
  guardMs: number;
  /** Ring events closer than this are one ring cycle. */
  ringMergeMs: number;
  /** Silence after which the ring count starts again. */
  ringSilenceMs: number;
  /** Period of the idle modem's health check. */
  healthMs: number;
  /** How often analog server inputs are read for range crossings. */
  inputPollMs: number;
}

export interface SmcConfig {
  /** This SMC's ID code (1..250). */
  id: number;
  /** What is on UART1: a Hayes modem, or a terminal wired directly (bench, no modem). */
  modem: "hayes" | "direct";
  /**
   * "links": UART2/UART3 carry framed links to neighbours (chain, ring).
   * "passthrough": UART2 is a pass-through port imitating a modem toward
   * the next SMC's UART1 (seed embodiment 5).
   */
  wiring: "links" | "passthrough";
  /** Pass-through: whether an SMC is wired to the pass-through port (its absence then means "end of chain"). */
  passNext: boolean;
  /** Pass-through: false on the SMCs after the first, whose call comes through another SMC (only the first ends an idle call). */
  passFirst: boolean;
  /** Answer on this ring cycle (n for the primary modem, m > n for a backup). */
  answerRings: number;
  /** Backup modem only: the ID of the SMC holding the primary modem; 0 on a primary. */
  primaryId: number;
  /** Failed AUTHs in one call after which the SMC hangs up (1..250). */
  authTries: number;
  /** The modem's init commands; each must answer OK. */
  modemInit: string[];
  /** The site salt, hex (0..32 digits, the same on every SMC of a site): challenge-response keys are derived with site + ":" + user. */
  site?: string;
  /** false: plain `AUTH user password` is refused here (CONFIG PLAIN OFF); only the challenge form opens. */
  plain?: boolean;
  /**
   * The links with a neighbour's cable on them ("AB", "A", "B" or ""; CONFIG
   * CABLED): such a link not heard since boot is down, not the chain's end,
   * so a search past a dead SMC answers ERR 10, not ERR 7. Absent: unknown,
   * a link never heard is taken for the chain's end.
   */
  cabled?: string;
  /**
   * The SMC's accounts (docs/protocol.md, "Roles"), their keys as 32 bytes.
   * Only in what parseConfig returns when asked for them (`accounts`
   * true): the running configuration holds none, a login reads them from
   * the stored document (app/unit.ts, creds), so no account costs a board
   * a variable between logins.
   */
  accounts?: Account[];
  modemBaud: number;
  linkBaud: number;
  t: Timings;
}

/** Where the running configuration came from, for STATUS and the log. */
export interface LoadedConfig {
  config: SmcConfig;
  /** "stored", or "defaults: <why>". */
  source: string;
  /** Fields of a stored document that were invalid and replaced by defaults. */
  problems: string[];
}
