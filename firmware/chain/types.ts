// What chain/ needs from the rest of the SMC, and what it tells it. The app
// passes ONE object (ChainPort): its fields are things it already has, and
// only two methods are closures (each function object costs ~8 variables
// on a board).
import { Role } from "../auth";
import { Clock } from "../hal";
import { Crc, Reply } from "../protocol";

export const enum Hops {
  /** Hops after which a frame is answered instead of forwarded: no frame circles forever (a const enum: no variable on a board). */
  Max = 64,
}

/** The permission flag on this SMC, as far as the router sets, checks and clears it. */
export interface PermissionFlag {
  /** Sets the flag for `call` (this SMC's account `user`, of `role`, matched). */
  grant(call: number, role: Role, user: string): void;
  /**
   * The flag is set for call `call` while `state` is not 0 (app/session.ts,
   * Permission.Granted): read as fields, not asked through a method (one
   * costs a board ~8 variables for good).
   */
  state: number;
  call: number;
  /** Clears the flag. */
  end(why: string): void;
}

export interface ChainTimings {
  /** Links' heartbeat period. */
  heartbeatMs: number;
  /**
   * Silence after which a neighbour counts as dead; also how long an SMC
   * other than the head keeps a call's flags once nothing of the call is
   * heard (the head's heartbeats carry its call number): a flag outlives
   * its call by seconds, not minutes.
   */
  linkDownMs: number;
  /** Longest wait for an answer from another SMC. */
  requestMs: number;
  /** The head ends a call idle this long. */
  idleMs: number;
}

/** The part of the configuration chain/ reads (SmcConfig fits). */
export interface ChainConfig {
  id: number;
  linkBaud: number;
  /** Links with a neighbour's cable ("AB", "A", "B"): such a link starts down, not silent (link.ts). */
  cabled?: string;
  t: ChainTimings;
}

/** The rest of the SMC, as the chain sees it. */
export interface ChainPort {
  config: ChainConfig;
  clock: Clock;
  crc: Crc;
  session: PermissionFlag;
  /** The SMC's one credentials check (app/unit.ts), for a search's AUTH: the role it opens, or Role.None. */
  who: { creds(user: string, secret: string): Role };
  /**
   * The event log, and the wall clock it keeps (log/eventLog.ts): `time()`
   * Unix seconds (0: unknown), `time(s, gen)` sets it; `g` its generation,
   * which heartbeats carry with it (docs/protocol.md, "Wall-clock time").
   */
  log: { add(code: string, text: string): unknown; time(set?: number, gen?: number): number; g: number };
  /**
   * The head's AUTH policy: told how each search ended (approved by
   * `outcome`, an ID, over link `via`; or a Searched code, `via` then
   * saying what was heard of the way for NotAll: "link A down"); it answers `reply`.
   */
  auth: { searched(reply: Reply | undefined, outcome: number, via: string): void };
  /** Runs a command line that came over a link, its permission already checked. */
  run(line: string, reply: Reply): void;
  /**
   * The console's call has been idle for t.idleMs: end it (and the phone
   * call). `e` PortEv.Idle: a case of the app's one event method for the
   * call (app/unit.ts, Unit.call), not a method of its own.
   */
  call(e: PortEv.Idle, n: number, s: string): unknown;
}

/** The router's event for its port (ChainPort.call): numbers beside the modem's and the relay's. */
export const enum PortEv {
  Idle = 20,
}

/** How a search that no SMC approved ended (an approval reports the approving ID, > 0). */
export const enum Searched {
  /** Every SMC was asked and said no. */
  NoOne = 0,
  /** Some SMC could not be asked (a link down, no answer). */
  NotAll = -1,
  /** Not a search: a lockout another SMC sent (an L frame; `via`: its payload, a space and the link's name). */
  Shared = -4,
  /** Not a search: a link came up (`via`: its name); the neighbour hears this SMC's lockout. */
  Rejoin = -5,
}

/** What a link tells its router (Router.on). */
export const enum LinkEv {
  /** A new data frame, or a heartbeat carrying a call (duplicates are not delivered again). */
  Frame,
  /** The frame could not be delivered (link down or retries exhausted). */
  Failed,
  /** The link changed state (or its neighbour now has this SMC's ID). */
  Changed,
}
