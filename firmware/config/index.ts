export { UNKNOWN_ID } from "./defaults";
export { ALL_USERS, defaultConfig, loadConfig, packUsers, parseConfig, scanUsers } from "./load";
export type { SmcConfig, Timings } from "./types";
export { readSlots, slotText, writeSlots } from "./slots";
