export { ImitatedModem, Imitation } from "./imitation";
export type { ImitationEvents } from "./imitation";
export { LineSplitter } from "./splitter";
export { PassThroughRelay } from "./relay";
export type { RelayHost } from "./relay";
export type { SplitterSink } from "./splitter";
