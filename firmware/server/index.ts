export { ServerBody, Power } from "./body";
export { ServerInputs } from "./inputs";
