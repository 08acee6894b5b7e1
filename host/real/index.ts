export { RealBoard, startRealBoard } from "./board";
export type { RealBoardOptions } from "./board";
export { boardBinary, boardBinaryFor, findInterpreter, LOAD_ROOM_MS, loadedDeadline, pollFor, realSuiteGate, waitFor } from "./interpreter";
export type { BoardBinary } from "./interpreter";
export { RealUart } from "./pty";
export { readStorageFile } from "./storageFile";
