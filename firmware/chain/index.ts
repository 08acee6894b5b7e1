export { Link, LinkState, linkWord } from "./link";
export { Router } from "./router";
export { Searched } from "./types";
export type { ChainPort, PermissionFlag } from "./types";
