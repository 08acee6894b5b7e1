export { passThroughRelay } from "./relay";
export { imitatedModem } from "./imitation";
export type { PassThroughRelay } from "./relay";
