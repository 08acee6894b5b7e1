export { RealBoard, startRealBoard } from "./board";
export type { RealBoardOptions } from "./board";
export { findInterpreter, realSuiteGate, waitFor } from "./interpreter";
export { RealUart } from "./pty";
export { readStorageFile } from "./storageFile";
