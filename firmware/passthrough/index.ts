export { ImitatedModem, Imitation } from "./imitation";
export type { ImitationEvents } from "./imitation";
export { PassThroughRelay } from "./relay";
export type { RelayHost } from "./relay";
