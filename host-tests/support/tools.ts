// Whether a suite that needs Debian packages can run here. Missing tools
// skip it with one line saying which package brings them, except under
// CI=true, where .ci/run has installed them and their absence is a failure.
import { spawnSync } from "node:child_process";

const has = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;

/** True to skip: `tools` maps each command to the Debian package holding it. */
export function skipWithout(suite: string, tools: Record<string, string>): boolean {
  const missing = Object.entries(tools).filter(([cmd]) => !has(cmd));
  if (!missing.length) return false;
  const what = missing.map(([cmd, pkg]) => `${cmd} (apt-get install ${pkg})`).join(", ");
  if (process.env.CI === "true") throw new Error(`${suite} CANNOT RUN (CI=true): missing ${what}`);
  console.warn(`\n*** ${suite} SKIPPED: missing ${what} ***\n`);
  return true;
}
