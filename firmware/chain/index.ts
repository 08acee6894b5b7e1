export { Link, LinkState, MAX_TRIES } from "./link";
export type { LinkEvents, LinkTimings } from "./link";
export { Router, MAX_HOPS, Searched } from "./router";
export type { Local, PermissionFlag } from "./router";
