import { SmcConfig } from "./types";

/** Name of the configuration document in Storage. */
export const CONFIG_FILE = "smc.json";

/**
 * The ID of an SMC without a valid stored ID: no SMC has it (IDs are
 * 1..250), so an unprovisioned or damaged unit never passes for SMC 1 and
 * swallows nobody's frames; it still forwards everything else.
 */
export const UNKNOWN_ID = 255;

// No user and no hash: an unprovisioned board refuses every AUTH rather than
// accept a well-known default password (flash a config to provision it).
export function defaultConfig(): SmcConfig {
  return {
    id: UNKNOWN_ID,
    modem: "hayes",
    wiring: "links",
    passNext: false,
    passFirst: true,
    answerRings: 2,
    primaryId: 0,
    authTries: 5,
    // Reset, no echo, verbal results, DCD follows carrier, DTR drop hangs up,
    // no auto-answer (the SMC decides), no "+++" escape (S2 > 127: nothing a
    // caller sends can reach command mode), and saved so a dead SMC's modem
    // never answers by itself after a power cut.
    modemInit: ["ATZ", "ATE0", "ATV1", "AT&C1", "AT&D2", "ATS0=0", "ATS2=128", "AT&W"],
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
      unauthMs: 120000,
      lockoutMs: 30000,
      heartbeatMs: 1000,
      linkDownMs: 3500,
      requestMs: 30000,
      modemCmdMs: 2000,
      carrierWaitMs: 50000,
      guardMs: 1000,
      ringMergeMs: 1000,
      ringSilenceMs: 8000,
      healthMs: 60000,
      inputPollMs: 5000,
    },
  };
}
