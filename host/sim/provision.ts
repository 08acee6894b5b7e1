// Makes a unit's stored configuration document, as the flash tool does:
// the password is stored as its site-salted verifier, never itself, and
// the challenge-response key is derived from it (docs/protocol.md).
import { hashPassword, plainVerifier } from "../../firmware/auth";
import { deriveKey } from "../console/proof";
import { packUsers, type Timings } from "../../firmware/config";

export { deriveKey };

/** The site salt of simulated and test sites. */
export const SIM_SITE = "5e1fca11";

export interface UnitSettings {
  id: number;
  user: string;
  password: string;
  /**
   * A per-unit salt: the older form (salt and SHA-256(salt ":" password)),
   * for tests of documents written before the verifier; absent: the
   * verifier (salt "-").
   */
  salt?: string;
  /** The site salt of the challenge-response keys (default SIM_SITE). */
  site?: string;
  /** false: plain AUTH refused (CONFIG PLAIN OFF). */
  plain?: boolean;
  modemBaud?: number;
  linkBaud?: number;
  /** What UART1 is wired to; the firmware's default is a Hayes modem. */
  modem?: "hayes" | "direct";
  answerRings?: number;
  primaryId?: number;
  wiring?: "links" | "passthrough";
  /** The links with a neighbour's cable (config `cabled`). */
  cabled?: string;
  passNext?: boolean;
  passFirst?: boolean;
  /** A second account, of the operator role. */
  operator?: { user: string; password: string };
  /** More accounts after those two (docs/protocol.md, "Roles"). */
  accounts?: Array<{ user: string; role: "read" | "operator" | "admin"; password: string }>;
  t?: Partial<Timings>;
  modemInit?: string[];
}

/**
 * The links unit k of a simulated site has a cable on, as the flash tool's
 * `cabled`: unit k's link A goes to unit k+1's link B, and in a ring the
 * last one's A to the first one's B. Pass-through wiring has no links.
 */
export function siteCabled(k: number, size: number, ring: boolean, wiring?: "links" | "passthrough"): string | undefined {
  if (wiring === "passthrough") return undefined;
  const round = ring && size > 1;
  return (round || k + 1 < size ? "A" : "") + (round || k > 0 ? "B" : "");
}

export function configDocument(u: UnitSettings): string {
  const salt = u.salt ?? "-";
  const site = u.site ?? SIM_SITE;
  // The admin first, then the operator, then the rest: each its verifier (or the older form's hash), its key derived.
  const list = [{ user: u.user, role: "admin", password: u.password }];
  if (u.operator) list.push({ user: u.operator.user, role: "operator", password: u.operator.password });
  for (const a of u.accounts ?? []) list.push(a);
  const doc: Record<string, unknown> = {
    v: 1,
    id: u.id,
    // Packed, as the firmware's login scans it (config/load.ts).
    users: packUsers(list.map((a) => ({ user: a.user, role: a.role, salt, hash: salt === "-" ? plainVerifier(site, a.user, a.password) : hashPassword(salt, a.password), key: deriveKey(site, a.user, a.password) }))),
    site,
  };
  if (u.plain !== undefined) doc.plain = u.plain;
  if (u.modem) doc.modem = u.modem;
  if (u.answerRings) doc.answerRings = u.answerRings;
  if (u.wiring) doc.wiring = u.wiring;
  if (u.cabled !== undefined) doc.cabled = u.cabled;
  if (u.passNext !== undefined) doc.passNext = u.passNext;
  if (u.passFirst !== undefined) doc.passFirst = u.passFirst;
  if (u.primaryId) doc.primaryId = u.primaryId;
  if (u.modemBaud) doc.modemBaud = u.modemBaud;
  if (u.linkBaud) doc.linkBaud = u.linkBaud;
  if (u.t) doc.t = u.t;
  if (u.modemInit) doc.modemInit = u.modemInit;
  return JSON.stringify(doc);
}
