export { sha256hex } from "./sha256";
export { hashPassword, checkCredentials, roleOf, Role, KEY_ROUNDS, ROLE_NAMES } from "./credentials";
export type { Account, Credentials } from "./credentials";
