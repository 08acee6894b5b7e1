// What the web page's API says (docs/console.md, "The web page"): the page
// renders from one state document, sent whole on every change over
// server-sent events, and each action answers with a report in words.
import type { Outcome } from "../errors";
import type { JsonDocument } from "../format";
import type { SiteMap } from "../operations";
import type { LogRecord } from "../parse";

/**
 * The call, as the page shows it:
 *   idle --(an action)--> dialling --> connected --(carrier lost, stream closed)--> lost
 *   connected --(hang up)--> hung-up;   dialling --(dial failed)--> failed
 * lost, hung-up and failed are idle again: the next action dials anew.
 */
export type CallPhase = "idle" | "dialling" | "connected" | "lost" | "hung-up" | "failed";

export interface CallView {
  phase: CallPhase;
  /** Where the site is reached (tcp://…, /dev/ttyUSB0). */
  where: string;
  /** The number dialled, null without a modem. */
  dialled: string | null;
  /** The modem's CONNECT line, null without a modem or before it. */
  connect: string | null;
  /** The rate in the CONNECT line, bit/s. */
  rate: number | null;
  /** Why the call dropped by itself, or why dialling failed. */
  lost: string | null;
  /** IDs this call is authenticated to. */
  authenticated: number[];
  /** How the last call was ended: BYE, DTR, +++ ATH0, closed. */
  hangup: string[];
}

/** One input with its range from the board description (boards/<board>.json). */
export interface InputView {
  name: string;
  value: string;
  state: string;
  /** "5..40 C", "alarm at 1", or null when the board does not say. */
  range: string | null;
}

/** One SMC in the JSON of docs/console.md, plus inputs with ranges. */
export type SmcView = JsonDocument["smcs"][number] & {
  /** status: the row of `smc-console status` (format.ts STATUS_HEAD), word for word. */
  cells?: string[];
  inputsWithRange?: InputView[];
};

export interface LogView {
  id: number;
  /** Newest first. */
  records: LogRecord[];
  /** The record number to ask for next (following), and the SMC's count. */
  next: number | null;
  total: number | null;
  /** Whether new records are read every 2 s. */
  following: boolean;
  /** Whether older records are left to page back to. */
  older: boolean;
}

/** An action's account: what was asked, each SMC's result, and the whole in words. */
export interface Report {
  action: string;
  outcome: Outcome;
  /** One sentence a person reads: "power cycle SMC 3: done, power ON". */
  text: string;
  /** Each SMC not done: "SMC 3: unreachable: ERR 10 …". */
  notes: string[];
  smcs: SmcView[];
  /** The call dropped during the action: why. */
  dropped: string | null;
}

export interface WebState {
  /** The site file's name, its SMCs in its order, and whether it says they are cabled in a ring (null: it does not say). */
  site: { name: string; ids: number[]; ring: boolean | null };
  call: CallView;
  /** The action running now (one at a time, as on the line), or null. */
  busy: string | null;
  /** The last status of every SMC (refresh), in site-file order, or null. */
  status: SmcView[] | null;
  map: SiteMap | null;
  log: LogView | null;
  last: Report | null;
  /** The login in use ("challenge-response AUTH"). */
  login: string;
}

/** The body of POST api/<action>. */
export interface ActionBody {
  id?: number;
  action?: string;
  /** power on/off/cycle and reset: the SMC's ID again, as the confirmation named it. */
  confirm?: number;
  older?: boolean;
  follow?: boolean;
}
