// The console's side of challenge-response AUTH (docs/protocol.md,
// "Challenge-response AUTH"): the key derived from the password, and the
// proof that answers one challenge. Neither the password nor the key
// crosses the line; the proof is good for its challenge only.
import { createHmac, pbkdf2Sync } from "node:crypto";
import { KEY_ROUNDS } from "../../firmware/auth";

/**
 * An account's key, 64 hex: PBKDF2-HMAC-SHA-256 of the password, salt
 * site + ":" + user, KEY_ROUNDS rounds, 32 bytes. What the SMC stores (the
 * flash tool and provision derive it too); `site` "" when CHAL shows "-".
 */
export function deriveKey(site: string, user: string, password: string): string {
  return pbkdf2Sync(password, site + ":" + user, KEY_ROUNDS, 32, "sha256").toString("hex");
}

/** The proof for challenge `nonce`: HMAC-SHA-256 keyed by the key's 32 bytes over nonce + ":" + user, 64 hex. */
export function proofFor(keyHex: string, nonce: string, user: string): string {
  return createHmac("sha256", Buffer.from(keyHex, "hex")).update(nonce + ":" + user).digest("hex");
}

/** A CHAL answer's line: the challenge and the site salt ("-": none, i.e. ""). */
export function parseChal(line: string): { nonce: string; site: string } | undefined {
  const m = /^CHAL ([0-9a-f]{16}) ([0-9a-f]{0,32}|-)$/.exec(line);
  return m ? { nonce: m[1], site: m[2] === "-" ? "" : m[2] } : undefined;
}
