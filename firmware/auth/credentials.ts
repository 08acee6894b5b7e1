// Credentials are kept as salt + SHA-256(salt ":" password), never the
// password itself. One salted hash rather than a slow KDF: an iterated hash
// in JavaScript would take seconds per AUTH on a 72 MHz board, and the
// guessing that a slow hash defends against is stopped here by the lockout
// (see app/session.ts) instead. Reading the flash of a stolen board still
// yields no password.
import { sha256hex } from "./sha256";

export interface Credentials {
  user: string;
  /** Hex salt, unique per unit. */
  salt: string;
  /** sha256hex(salt + ":" + password). */
  hash: string;
}

export function hashPassword(salt: string, password: string): string {
  return sha256hex(salt + ":" + password);
}

/** Compares without stopping at the first difference, so timing tells nothing. */
function sameText(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length && i < b.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export function checkCredentials(c: Credentials, user: string, password: string): boolean {
  if (!c.user || !c.hash) return false;
  const hashOk = sameText(hashPassword(c.salt, password), c.hash);
  return sameText(user, c.user) && hashOk;
}

export const enum Role {
  None,
  /** May also clear the log and change the configuration. */
  Admin,
  /** Reads state, resets and powers the server. */
  Operator,
}

/** Which of an SMC's accounts these credentials open, if any. */
export function roleOf(admin: Credentials, operator: Credentials | undefined, user: string, password: string): Role {
  if (checkCredentials(admin, user, password)) return Role.Admin;
  if (operator && checkCredentials(operator, user, password)) return Role.Operator;
  return Role.None;
}
