// `npm run build`: one bundle per board, and its size.
import { buildAll } from "./build";

try {
  for (const b of await buildAll()) console.log(`${b.file} ${b.bytes} bytes`);
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
