import { defineConfig } from 'vitest/config';

/**
 * Two projects: the browser suites (Chromium against one shared twin) and everything else. Within a project files run
 * one at a time (integration tests share the machine's PostgreSQL, Mosquitto and CPU; on 2 cores that keeps them
 * honest). `npm test` runs the two projects side by side as two vitest processes (tests/run-projects.ts): the browser
 * suites mostly wait on Chromium's software rendering while the rest computes, and the two share no state (browser
 * suites use their own twin, its embedded broker and PGlite; the rest use schemas and ports of their own).
 */
const common = {
  environment: 'node' as const,
  // A scratch folder per run and, at its end, a check that no process a test started is still alive.
  globalSetup: ['tests/global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 180_000,
  fileParallelism: false,
};

export default defineConfig({
  test: {
    projects: [
      { test: { ...common, name: 'browser', include: ['tests/browser/**/*.test.ts'] } },
      { test: { ...common, name: 'node', include: ['tests/**/*.test.ts'], exclude: ['tests/browser/**'] } },
    ],
    // Under CI a JSON report lets .ci/run print one plain "N passed, N failed" line and refuse skips; each project's
    // process writes its own (VITEST_JSON_REPORT, set by tests/run-projects.ts).
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: process.env.CI ? { json: process.env.VITEST_JSON_REPORT ?? 'var/ci/vitest-report.json' } : undefined,
  },
});
