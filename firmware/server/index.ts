export { Act, ServerBody, Power } from "./body";
export { ServerInputs } from "./inputs";
