export { EventLog, LOG_FILE } from "./eventLog";
