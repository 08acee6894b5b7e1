export { sha256hex } from "./sha256";
export { hashPassword, checkCredentials } from "./credentials";
export type { Credentials } from "./credentials";
