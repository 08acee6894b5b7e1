// Credentials are kept as a verifier of the password, never the password
// itself: v = SHA-256(site ":" user ":" password), site-salted so that the
// SMC holding the console can compute it from a typed password and send a
// proof keyed by it along the links instead of the password (the account's
// `salt` is then "-"; docs/protocol.md, "Plain AUTH"). The older form, a
// per-unit salt and SHA-256(salt ":" password), still opens a plain AUTH on
// its own SMC only. One salted hash rather than a slow KDF: an iterated
// hash in JavaScript would take seconds per AUTH on a 72 MHz board, and the
// guessing that a slow hash defends against is stopped here by the lockout
// (see app/session.ts) instead. Reading the flash of a stolen board still
// yields no password.
import { hmac, sha256hex } from "./sha256";

export interface Credentials {
  user: string;
  /** "-": `hash` is the site-salted verifier; else the older form's hex salt, unique per unit. */
  salt: string;
  /**
   * salt "-": the verifier sha256hex(site + ":" + user + ":" + password);
   * else sha256hex(salt + ":" + password). What plain AUTH is checked
   * against, and (the verifier only) the key of a plain AUTH's proof.
   */
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

/** The older form's hash (tests of old documents; nothing writes it any more). */
export function hashPassword(salt: string, password: string): string {
  return sha256hex(salt + ":" + password);
}

/** An account's plain verifier, 64 hex (host tools; CONFIG writes the same expression itself). */
export function plainVerifier(site: string, user: string, password: string): string {
  return sha256hex(site + ":" + user + ":" + password);
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
 * stopping at the first difference, so timing tells nothing. `cfg`: the
 * SMC's configuration (its `site` and `plain`).
 *
 * Three forms. Plain: `secret` is the password, checked against the
 * verifier (or the older form's salt and hash). A plain AUTH's proof
 * (the search of a plain AUTH typed at another SMC): "challenge proof P",
 * 16 and 64 hex, HMAC-SHA-256 keyed by the verifier's 32 bytes over
 * challenge + ":" + user; an older-form account never matches it. Both
 * refused outright where cfg.plain is false (CONFIG PLAIN OFF).
 * Challenge-response: "challenge proof", the same HMAC keyed by the
 * account's key. A console's password has no space, so it is never read
 * as either proof (the host's may).
 */
export function roleOf(accounts: Account[], cfg: { plain?: boolean; site?: string } | undefined, user: string, secret: string): Role {
  // "challenge proof" (16 + 1 + 64 characters), or "challenge proof P".
  const pv = secret.length === 83 && secret.substr(81) === " P";
  const sp = (pv || secret.length === 81) && secret.charAt(16) === " " ? 16 : -1;
  if ((sp < 0 || pv) && cfg && cfg.plain === false) return Role.None;
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
    let w = c.hash;
    if (sp < 0) h = sha256hex((c.salt === "-" ? ((cfg && cfg.site) || "") + ":" + user : c.salt) + ":" + secret);
    else {
      // The verifier's 64 hex or the key's 32 bytes (hmac takes either);
      // none (an older-form account, no key): compared with "", which
      // never matches (lengths differ).
      const k = pv ? (c.salt === "-" ? w : "") : c.key && c.key.length === 32 ? c.key : "";
      h = k ? hmac(k, secret.substr(0, sp) + ":" + user) : "";
      w = secret.substr(sp + 1, 64);
    }
    let diff = h.length ^ w.length;
    for (let i = 0; i < h.length && i < w.length; i++) diff |= h.charCodeAt(i) ^ w.charCodeAt(i);
    if (!diff) return c.role;
  }
  return Role.None;
}

/** Whether these credentials open `c` (host tools and tests; the firmware asks roleOf). */
export function checkCredentials(c: Credentials, user: string, password: string, site?: string): boolean {
  return roleOf([{ user: c.user, salt: c.salt, hash: c.hash, key: c.key, role: Role.Admin }], { site: site }, user, password) === Role.Admin;
}
