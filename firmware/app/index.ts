export { startSmc } from "./smc";
