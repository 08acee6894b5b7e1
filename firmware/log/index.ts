export { EventLog, LOG_FILE } from "./eventLog";
export type { LogEcho } from "./eventLog";
