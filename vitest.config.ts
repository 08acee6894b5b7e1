import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["host-tests/**/*.test.ts"],
    // Fails any test during which a virtual clock caught an exception.
    setupFiles: ["./host-tests/support/clockErrors.ts"],
    testTimeout: 60000,
    hookTimeout: 60000,
    reporters: ["default", "./host-tests/support/summaryReporter.ts"],
  },
});
