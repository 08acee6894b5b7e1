export { passThroughRelay } from "./relay";
export type { PassThroughRelay, RelayHost } from "./relay";
