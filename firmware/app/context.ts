import { Role } from "../auth";
import { Router } from "../chain";
import { SmcConfig } from "../config";
import { HayesModem } from "../modem";
import { BoardDesc, Hal } from "../hal";
import { EventLog } from "../log";
import { PassThroughRelay } from "../passthrough";
import { ServerBody, ServerInputs } from "../server";
import { Session } from "./session";

/** Everything a command may use (app/unit.ts's Unit is the one there is). */
export interface SmcContext {
  hal: Hal;
  board: BoardDesc;
  config: SmcConfig;
  configSource: string;
  version: string;
  startedAt: number;
  /** The event log: `log.add(code, text)` writes a record (false when its rate limit held it back). */
  log: EventLog;
  body: ServerBody;
  inputs: ServerInputs;
  /** Whether the watchdog is armed (DIAG). */
  watchdog: boolean;
  /** Handlers the interpreter stopped since boot (app/unit.ts, the tick; DIAG). */
  ooms?: number;
  boots: number;
  /** How the previous run ended: "first boot", "commanded reboot", "power cut or watchdog". */
  lastEnd: string;
  session: Session;
  /** The console's AUTH: credentials, lockout, failure limit (the same object as `session`, session.ts). */
  auth: Session;
  router: Router;
  /** The modem driver; undefined when UART1 is wired directly to a terminal. */
  modem?: HayesModem;
  /** Pass-through wiring: the relay to the next SMC. */
  relay?: PassThroughRelay;
  /** Which of this SMC's accounts `user`/`password` open: the one credentials check. */
  /** `secret`: the password, or "challenge proof" (challenge-response). */
  creds(user: string, secret: string): Role;
  /** A CONFIG change other than an account's was saved in this run: CONFIG SHOW says it waits for CONFIG REBOOT (app/rare.ts). */
  pend?: boolean;
  /** Chassis Identify (app/ipmi.ts): its timer, -1 forced on, 0 or unset off. */
  idT?: number;
  /** Ends the call: every flag, and the phone call when there is one. */
  hangup(why: string): void;
}
