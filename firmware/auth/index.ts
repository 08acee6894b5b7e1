export { sha256hex } from "./sha256";
export { hashPassword, checkCredentials, roleOf, Role, KEY_ROUNDS } from "./credentials";
export type { Credentials } from "./credentials";
