export { HayesModem, ModemState } from "./driver";
export type { ModemEvents, ModemTimings } from "./driver";
export { ChatEngine, Chat, Ev } from "./chat";
export type { ChatHost, ChatTimings } from "./chat";
export { parseResult, Result } from "./results";
export type { ResultLine } from "./results";
export { RingCounter } from "./rings";
