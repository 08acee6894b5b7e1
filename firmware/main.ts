// A board's entry point: its pin map (baked in by the build) and the stored
// configuration, wired into one SMC.
import { BoardDesc } from "./hal";
import { createEspruinoHal } from "./hal/espruino";
import { startSmc } from "./app";

declare const __BOARD__: BoardDesc;
declare const __VERSION__: string;

startSmc(createEspruinoHal(__BOARD__), __BOARD__, __VERSION__);
