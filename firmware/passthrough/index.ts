export { passThroughRelay } from "./relay";
export { imitatedModem } from "./imitation";
export type { PassThroughRelay, RelayHost } from "./relay";
export { Pass } from "./relay";
