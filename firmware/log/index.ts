export { EventLog, LOG_FILE } from "./eventLog";
export { iso } from "./time";
