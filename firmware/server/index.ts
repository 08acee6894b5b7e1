export { ServerBody, Power } from "./body";
export { ServerInputs } from "./inputs";
export type { InputReading } from "./inputs";
