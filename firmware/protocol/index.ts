export { crc16, hex } from "./crc16";
export { Err, errLine, errText } from "./errors";
export { LineReader, MAX_LINE } from "./lineReader";
export type { LineSink } from "./lineReader";
export { parseFramed, frame } from "./framed";
export type { FramedLine } from "./framed";
export { parseCommand, parseId, MAX_ID } from "./command";
export type { Command } from "./command";
