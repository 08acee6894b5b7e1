// Makes a unit's stored configuration document, as the flash tool does:
// the password is hashed with a fresh salt and never stored, and the
// challenge-response key is derived from it (docs/protocol.md).
import { randomBytes } from "node:crypto";
import { hashPassword } from "../../firmware/auth";
import { deriveKey } from "../console/proof";
import type { Timings } from "../../firmware/config";

export { deriveKey };

/** The site salt of simulated and test sites. */
export const SIM_SITE = "5e1fca11";

export interface UnitSettings {
  id: number;
  user: string;
  password: string;
  /** Fixed salt for byte-exact tests; random otherwise. */
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
  passNext?: boolean;
  passFirst?: boolean;
  /** A second, non-admin account. */
  operator?: { user: string; password: string };
  t?: Partial<Timings>;
  modemInit?: string[];
}

export function configDocument(u: UnitSettings): string {
  const salt = u.salt ?? randomBytes(8).toString("hex");
  const doc: Record<string, unknown> = {
    v: 1,
    id: u.id,
    user: u.user,
    salt,
    hash: hashPassword(salt, u.password),
    key: deriveKey(u.site ?? SIM_SITE, u.user, u.password),
    site: u.site ?? SIM_SITE,
  };
  if (u.plain !== undefined) doc.plain = u.plain;
  if (u.operator) doc.operator = { user: u.operator.user, salt: salt, hash: hashPassword(salt, u.operator.password), key: deriveKey(u.site ?? SIM_SITE, u.operator.user, u.operator.password) };
  if (u.modem) doc.modem = u.modem;
  if (u.answerRings) doc.answerRings = u.answerRings;
  if (u.wiring) doc.wiring = u.wiring;
  if (u.passNext !== undefined) doc.passNext = u.passNext;
  if (u.passFirst !== undefined) doc.passFirst = u.passFirst;
  if (u.primaryId) doc.primaryId = u.primaryId;
  if (u.modemBaud) doc.modemBaud = u.modemBaud;
  if (u.linkBaud) doc.linkBaud = u.linkBaud;
  if (u.t) doc.t = u.t;
  if (u.modemInit) doc.modemInit = u.modemInit;
  return JSON.stringify(doc);
}
