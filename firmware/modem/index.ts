export { HayesModem, ModemState, Call } from "./driver";
export type { ModemPort, ModemLog, ModemTimings } from "./driver";
export { ChatEngine, Chat, Ev } from "./chat";
export type { ChatHost, ChatTimings } from "./chat";
export { countRing } from "./rings";
export type { Rings } from "./rings";
export { parseResult, Result } from "./results";
export type { ResultLine } from "./results";
