export { sha256hex } from "./sha256";
export { hashPassword, checkCredentials, roleOf, Role } from "./credentials";
export type { Credentials } from "./credentials";
