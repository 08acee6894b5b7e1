export { HayesModem, ModemState } from "./driver";
export type { ModemEvents, ModemTimings } from "./driver";
export { parseResult, Result } from "./results";
export type { ResultLine } from "./results";
export { RingCounter } from "./rings";
