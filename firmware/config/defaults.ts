/** Name of the configuration document in Storage. */
export const CONFIG_FILE = "smc.json";

/**
 * The ID of an SMC without a valid stored ID: no SMC has it (IDs are
 * 1..250), so an unprovisioned or damaged unit never passes for SMC 1 and
 * swallows nobody's frames; it still forwards everything else.
 */
export const UNKNOWN_ID = 255;
