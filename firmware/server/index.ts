export { ServerBody, Power } from "./body";
