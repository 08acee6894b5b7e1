// A board's entry point: its pin map (baked in by the build) and the stored
// configuration, wired into one SMC.
import { BoardDesc } from "./hal";
import { createEspruinoHal, dropAfterBoot } from "./hal/espruino";
import { startSmc } from "./app";

declare const __BOARD__: BoardDesc;
declare const __VERSION__: string;

// No top-level variable: each would be a global kept for good.
dropAfterBoot(startSmc(createEspruinoHal(__BOARD__), __BOARD__, __VERSION__).bootOnly.concat([createEspruinoHal]));
