export { CONFIG_FILE, defaultConfig } from "./defaults";
export { loadConfig, parseConfig } from "./load";
export type { SmcConfig, Timings, LoadedConfig } from "./types";
export { readSlots, writeSlots, SLOTS } from "./slots";
export type { SlotStore } from "./slots";
