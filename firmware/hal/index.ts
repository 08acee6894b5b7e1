// What other folders may know of the HAL: its interfaces and the board
// description, types only. The Espruino implementation (espruino.ts) is
// wired in by main.ts alone, so no other folder can reach an Espruino global.
export type { Clock, Hal, Pins, Store, Uart } from "./types";
export type { BoardDesc, InputDesc } from "./board";
