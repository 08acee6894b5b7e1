export { HayesModem, Call } from "./driver";
export type { ModemPort } from "./driver";
export { ChatEngine, Ev } from "./chat";
export { countRing } from "./rings";
export { parseResult, Result } from "./results";
export type { ResultLine } from "./results";
