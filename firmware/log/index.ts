export { EventLog } from "./eventLog";
