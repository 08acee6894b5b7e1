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
 *
 * Two forms. Plain: `secret` is the password, checked against salt and
 * hash; refused outright where `admin.plain` is false (CONFIG PLAIN OFF).
 * Challenge-response: `secret` is "challenge proof", 16 and 64 hex,
 * HMAC-SHA-256 keyed by the account's key over challenge + ":" + user. The
 * HMAC is written out here, not a function of its own: a function object
 * costs a board ~7 variables for good.
 */
export function roleOf(admin: Credentials & { plain?: boolean }, operator: Credentials | undefined, user: string, secret: string): Role {
  // "challenge proof" (16 + 1 + 64 characters): the challenge-response form
  // (a password from the console has no space; the host's may).
  const sp = secret.length === 81 && secret.charAt(16) === " " ? 16 : -1;
  if (sp < 0 && admin.plain === false) return Role.None;
  for (let r = Role.Admin; r <= Role.Operator; r++) {
    const c = r === Role.Admin ? admin : operator;
    if (!c || !c.user || !c.hash) continue;
    let h: string;
    let w: string;
    if (sp < 0) {
      h = sha256hex(c.salt + ":" + secret);
      w = c.hash;
    } else {
      // Only the account of that name is hashed: four hashes each would
      // stall a board's hop for seconds (docs/protocol.md). The search's
      // time may so tell whether an SMC has an account of that name; user
      // names are not the secret, the key is.
      if (c.user !== user) continue;
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
