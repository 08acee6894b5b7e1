export { ServerBody, Power } from "./body";
export type { BodyLog } from "./body";
export { ServerInputs } from "./inputs";
export type { InputReading, InputLog } from "./inputs";
