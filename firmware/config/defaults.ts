import { SmcConfig } from "./types";

/** Name of the configuration document in Storage. */
export const CONFIG_FILE = "smc.json";

// No user and no hash: an unprovisioned board refuses every AUTH rather than
// accept a well-known default password (flash a config to provision it).
export function defaultConfig(): SmcConfig {
  return {
    id: 1,
    user: "",
    salt: "",
    hash: "",
    modemBaud: 9600,
    linkBaud: 115200,
    t: {
      resetMs: 200,
      pressMs: 300,
      holdMs: 5000,
      cycleGapMs: 3000,
      powerGoodMs: 5000,
      idleMs: 600000,
      lockoutMs: 30000,
      heartbeatMs: 1000,
      linkDownMs: 3500,
      requestMs: 30000,
    },
  };
}
