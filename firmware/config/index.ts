export { CONFIG_FILE, defaultConfig, UNKNOWN_ID } from "./defaults";
export { loadConfig, parseConfig } from "./load";
export type { SmcConfig, Timings, LoadedConfig } from "./types";
export { readSlots, slotText, writeSlots, SLOTS } from "./slots";
export type { SlotStore } from "./slots";
