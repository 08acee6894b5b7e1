export { CONFIG_FILE, UNKNOWN_ID } from "./defaults";
export { defaultConfig, loadConfig, parseConfig } from "./load";
export type { SmcConfig, Timings, LoadedConfig } from "./types";
export { readSlots, slotText, writeSlots, SLOTS } from "./slots";
export type { Found, SlotStore } from "./slots";
