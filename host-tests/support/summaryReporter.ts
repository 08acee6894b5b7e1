// Closing lines of `npm test`: how many tests ran on the real Espruino
// interpreter (files *.real.test.ts), and the plain "N passed, N failed"
// line that CI reads. Under CI=true a run with no real-interpreter test is
// a failure: that suite must never silently vanish.
import type { Reporter, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const all = { passed: 0, failed: 0, skipped: 0 };
    const real = { passed: 0, failed: 0, skipped: 0 };
    for (const m of modules) {
      const isReal = m.moduleId.endsWith(".real.test.ts");
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        const key = state === "passed" ? "passed" : state === "failed" ? "failed" : "skipped";
        all[key]++;
        if (isReal) real[key]++;
      }
      if (m.state() === "failed" && ![...m.children.allTests()].some((t) => t.result().state === "failed")) all.failed++;
    }
    const ran = real.passed + real.failed;
    console.log(`\nreal interpreter: ${ran} tests ran (${real.passed} passed, ${real.failed} failed), ${real.skipped} skipped`);
    if (process.env.CI === "true" && (ran === 0 || real.skipped > 0)) {
      console.log("real interpreter: CI=true requires every real-interpreter test to run");
      process.exitCode = 1;
    }
    console.log(`${all.passed} passed, ${all.failed} failed, ${all.skipped} skipped`);
  }
}
