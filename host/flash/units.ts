// flash.config.json: a site's units. Credentials are never kept in clear in
// the file: each account (the unit's admin, and its `accounts`) names an
// environment variable read at flash time (passwordEnv), or carries a salt
// and hash made beforehand (salt "-" and the verifier
// sha256(site ":" user ":" password), or an older per-unit salt and hash).
import { readFileSync } from "node:fs";
import { plainVerifier } from "../../firmware/auth";
import { deriveKey } from "../console/proof";
import { packUsers, slotText } from "../../firmware/config";
import { crc32 } from "../../firmware/protocol";

/** One more account of a unit (docs/protocol.md, "Roles"): its password from the environment, or a salt and hash (and key) made beforehand. */
export interface FlashAccount {
  user: string;
  role: "read" | "operator" | "admin";
  passwordEnv?: string;
  salt?: string;
  passwordHash?: string;
  key?: string;
}

export interface FlashUnit {
  name: string;
  board: string;
  /** Serial port of the board's USB console, or tcp://host:port. */
  port: string;
  id: number;
  user: string;
  passwordEnv?: string;
  salt?: string;
  passwordHash?: string;
  /** The site salt (hex, the same for every unit of the site) the challenge-response key is derived with. */
  site?: string;
  /** The challenge-response key made beforehand (64 hex), beside salt and passwordHash; derived from the password otherwise. */
  key?: string;
  /** false: plain AUTH refused on this unit (CONFIG PLAIN OFF). */
  plain?: boolean;
  /** The unit's accounts after its admin (user, passwordEnv | salt+passwordHash): up to 7 more, e.g. an operator and a read one. */
  accounts?: FlashAccount[];
  modem?: "hayes" | "direct";
  wiring?: "links" | "passthrough";
  /** The links with a neighbour's cable ("AB", "A", "B", "" for none): a link named here and not heard is down (a dead neighbour), not the chain's end. */
  cabled?: "AB" | "A" | "B" | "";
  passNext?: boolean;
  /** Pass-through: false on every SMC after the first. */
  passFirst?: boolean;
  answerRings?: number;
  primaryId?: number;
  /** Failed AUTHs in one call before the SMC hangs up (firmware default 5). */
  authTries?: number;
  /** Linux board: the SMC's folder on the Pi (espruino.flash), default /var/lib/smc. */
  dir?: string;
  /** Linux board: the interpreter on the Pi, default /usr/local/bin/espruino. */
  espruino?: string;
}

export function readUnits(file: string): FlashUnit[] {
  const doc = JSON.parse(readFileSync(file, "utf8"));
  if (!Array.isArray(doc.units)) throw new Error(`${file}: no "units" list`);
  return doc.units as FlashUnit[];
}

/**
 * One account of the document: its site-salted verifier (salt "-") and its
 * key derived from the password, or as made beforehand; throws when its
 * password cannot be had.
 */
function account(a: FlashAccount, site: string, env: NodeJS.ProcessEnv): Record<string, string> {
  let salt = a.salt;
  let hash = a.passwordHash;
  let key = a.key;
  if (!hash) {
    const pw = a.passwordEnv ? env[a.passwordEnv] : undefined;
    if (!pw) throw new Error(`no password: set ${a.passwordEnv ?? "passwordEnv"} in the environment (or give salt and passwordHash)`);
    salt = "-";
    hash = plainVerifier(site, a.user, pw);
    key = deriveKey(site, a.user, pw);
  }
  if (key !== undefined && !/^[0-9a-f]{64}$/.test(key)) throw new Error("key must be 64 lower-case hex digits");
  if (!salt || !(salt === "-" || /^[0-9a-f]{8,64}$/.test(salt)) || !/^[0-9a-f]{64}$/.test(hash)) throw new Error('salt ("-" or 8-64) and passwordHash (64) must be lower-case hex');
  if (!["read", "operator", "admin"].includes(a.role)) throw new Error(`${a.user}: role must be read, operator or admin`);
  const out: Record<string, string> = { user: a.user, role: a.role, salt, hash };
  if (key) out.key = key;
  return out;
}

/** The unit's stored configuration document; throws when a password cannot be had. */
export function unitConfig(u: FlashUnit, env: NodeJS.ProcessEnv = process.env): string {
  if (u.site !== undefined && !/^[0-9a-f]{0,32}$/.test(u.site)) throw new Error("site must be lower-case hex, at most 32 digits");
  if (u.cabled !== undefined && !["AB", "A", "B", ""].includes(u.cabled)) throw new Error('cabled must be "AB", "A", "B" or ""');
  const list = [{ user: u.user, role: "admin" as const, passwordEnv: u.passwordEnv, salt: u.salt, passwordHash: u.passwordHash, key: u.key }, ...(u.accounts ?? [])];
  if (list.length > 8) throw new Error("at most 8 accounts a unit");
  if (new Set(list.map((a) => a.user)).size !== list.length) throw new Error("user names must differ");
  // Packed, as the firmware's login scans it (config/load.ts): a name is printable, without a space, ",", quote or backslash.
  for (const a of list) if (!/^[!#-+\--\[\]-~]{1,32}$/.test(a.user)) throw new Error(`${JSON.stringify(a.user)}: a user name is 1-32 printable characters without space, ",", quote or backslash`);
  const doc: Record<string, unknown> = { v: 1, id: u.id, users: packUsers(list.map((a) => account(a, u.site ?? "", env) as { user: string; role: string; salt: string; hash: string; key?: string })) };
  for (const k of ["site", "plain", "modem", "wiring", "cabled", "passNext", "passFirst", "answerRings", "primaryId", "authTries"] as const) if (u[k] !== undefined) doc[k] = u[k];
  return JSON.stringify(doc);
}

/**
 * What the flash tool stores as "smc.a": the unit's document in the
 * CRC-checked slot format CONFIG writes use (config/slots.ts), as version 1,
 * so a byte damaged in flash is found at boot instead of read as a setting.
 */
export function unitSlot(u: FlashUnit, env: NodeJS.ProcessEnv = process.env): string {
  return slotText(1, unitConfig(u, env), crc32);
}
