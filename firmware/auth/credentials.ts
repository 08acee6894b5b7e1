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

export const enum Role {
  None,
  /** May also clear the log and change the configuration. */
  Admin,
  /** Reads state, resets and powers the server. */
  Operator,
}

/**
 * Which of an SMC's accounts these credentials open, if any: the one
 * credentials check of the firmware (the console's AUTH, the router's AUTH
 * from the chain, pass-through's look at an AUTH going on). An account with
 * no user or no hash (unprovisioned) opens for nobody. Compared without
 * stopping at the first difference, so timing tells nothing.
 */
export function roleOf(admin: Credentials, operator: Credentials | undefined, user: string, password: string): Role {
  for (let r = Role.Admin; r <= Role.Operator; r++) {
    const c = r === Role.Admin ? admin : operator;
    if (!c || !c.user || !c.hash) continue;
    const h = sha256hex(c.salt + ":" + password);
    const w = c.hash;
    const u = c.user;
    let diff = (h.length ^ w.length) | (user.length ^ u.length);
    for (let i = 0; i < h.length && i < w.length; i++) diff |= h.charCodeAt(i) ^ w.charCodeAt(i);
    for (let i = 0; i < user.length && i < u.length; i++) diff |= user.charCodeAt(i) ^ u.charCodeAt(i);
    if (!diff) return r;
  }
  return Role.None;
}

/** Whether these credentials open `c` (host tools and tests; the firmware asks roleOf). */
export function checkCredentials(c: Credentials, user: string, password: string): boolean {
  return roleOf(c, undefined, user, password) === Role.Admin;
}
