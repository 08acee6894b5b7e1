export { hmac, sha256hex } from "./sha256";
export { hashPassword, plainVerifier, checkCredentials, roleOf, Role, KEY_ROUNDS, ROLE_NAMES } from "./credentials";
export type { Account, Credentials } from "./credentials";
export { granted } from "./replay";
