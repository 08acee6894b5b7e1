export { passThroughRelay } from "./relay";
export type { PassThroughRelay } from "./relay";
