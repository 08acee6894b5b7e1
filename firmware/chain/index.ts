export { Link, linkWord } from "./link";
export { Op, Router } from "./router";
export { Searched } from "./types";
export type { ChainPort } from "./types";
