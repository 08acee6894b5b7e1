// Only the relay-CPU figures of `npm run bench` (about a minute): relay
// against native forwarding on espruino-pico, docs/bench.md "relayCpu".
import { relayCpu } from "./relayCpu";

console.log(JSON.stringify(await relayCpu(), null, 2));
process.exit(0);
