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
  /** sha256hex(salt + ":" + password): what plain AUTH is checked against. */
  hash: string;
  /**
   * The challenge-response key: PBKDF2-HMAC-SHA-256 of the password,
   * salt site + ":" + user, KEY_ROUNDS rounds, 32 bytes (docs/protocol.md,
   * "Challenge-response AUTH"). Derived on the host (flash tool, provision,
   * smc-console): KEY_ROUNDS rounds of JavaScript SHA-256 take minutes on a
   * board. 64 hex in the configuration document, its 32 bytes (one char
   * each) once loaded (config/load.ts). Absent: this account opens by plain
   * AUTH only.
   */
  key?: string;
}

/** PBKDF2 rounds of the challenge-response key (hosts derive it; docs/protocol.md). */
export const KEY_ROUNDS = 10000;

export function hashPassword(salt: string, password: string): string {
  return sha256hex(salt + ":" + password);
}

/**
 * An account's role, ordered: each may do what the ones below it may
 * (docs/protocol.md, "Roles"). Numbers, so a check is one comparison.
 */
export const enum Role {
  None,
  /** Reads: STATUS, READ, POWER STATE, LOG, MAP. */
  Read,
  /** Also powers and resets the server, runs DIAG. */
  Operator,
  /** Also changes the configuration and clears the log. */
  Admin,
}

/** The roles' names, by Role (the configuration document's `role`, CONFIG USER, ERR 14's detail). */
export const ROLE_NAMES = "none read operator admin";

/** One of an SMC's accounts (config/load.ts reads them from the stored configuration when a login is checked). */
export interface Account extends Credentials {
  role: Role;
}

/**
 * Which of an SMC's accounts these credentials open, if any: the one
 * credentials check of the firmware (the console's AUTH, the router's AUTH
 * from the chain, pass-through's look at an AUTH going on). An account with
 * no user or no hash (unprovisioned) opens for nobody. Compared without
 * stopping at the first difference, so timing tells nothing.
 *
 * Two forms. Plain: `secret` is the password, checked against salt and
 * hash; refused outright where `plain` is false (CONFIG PLAIN OFF).
 * Challenge-response: `secret` is "challenge proof", 16 and 64 hex,
 * HMAC-SHA-256 keyed by the account's key over challenge + ":" + user. The
 * HMAC is written out here, not a function of its own: a function object
 * costs a board ~7 variables for good.
 */
export function roleOf(accounts: Account[], plain: boolean | undefined, user: string, secret: string): Role {
  // "challenge proof" (16 + 1 + 64 characters): the challenge-response form
  // (a password from the console has no space; the host's may).
  const sp = secret.length === 81 && secret.charAt(16) === " " ? 16 : -1;
  if (sp < 0 && plain === false) return Role.None;
  for (let r = 0; r < accounts.length; r++) {
    const c = accounts[r];
    if (!c.user || !c.hash) continue;
    // Only the account of that name is hashed, in either form: one hash a
    // check however many accounts an SMC holds (several each would stall a
    // board's hop for seconds, docs/protocol.md). The search's time may so
    // tell whether an SMC has an account of that name; user names are not
    // the secret, the password and the key are.
    if (c.user !== user) continue;
    let h: string;
    let w: string;
    if (sp < 0) {
      h = sha256hex(c.salt + ":" + secret);
      w = c.hash;
    } else {
      // HMAC(K, m) = H((K ^ opad) || H((K ^ ipad) || m)), K padded to 64 bytes.
      const k = c.key || "";
      let ip = "";
      let op = "";
      for (let i = 0; i < 64; i++) {
        const b = i < k.length ? k.charCodeAt(i) : 0;
        ip += String.fromCharCode(b ^ 0x36);
        op += String.fromCharCode(b ^ 0x5c);
      }
      const inner = sha256hex(ip + secret.substr(0, sp) + ":" + user);
      for (let i = 0; i < 64; i += 2) op += String.fromCharCode(parseInt(inner.substr(i, 2), 16));
      // No key: compared with "", which never matches (lengths differ).
      h = k.length === 32 ? sha256hex(op) : "";
      w = secret.substr(sp + 1);
    }
    let diff = h.length ^ w.length;
    for (let i = 0; i < h.length && i < w.length; i++) diff |= h.charCodeAt(i) ^ w.charCodeAt(i);
    if (!diff) return c.role;
  }
  return Role.None;
}

/** Whether these credentials open `c` (host tools and tests; the firmware asks roleOf). */
export function checkCredentials(c: Credentials, user: string, password: string): boolean {
  return roleOf([{ user: c.user, salt: c.salt, hash: c.hash, key: c.key, role: Role.Admin }], undefined, user, password) === Role.Admin;
}
