export { Link, linkWord } from "./link";
export { Op, Router } from "./router";
export { PortEv, Searched } from "./types";
export type { ChainPort } from "./types";
