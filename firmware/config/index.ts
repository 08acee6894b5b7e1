export { UNKNOWN_ID } from "./defaults";
export { defaultConfig, loadConfig, parseConfig } from "./load";
export type { SmcConfig, Timings } from "./types";
export { readSlots, slotText, writeSlots } from "./slots";
