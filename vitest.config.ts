import { defineConfig } from 'vitest/config';

// Tests run in Node; browser tests drive Debian's Chromium themselves through playwright-core.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // A scratch folder per run and, at its end, a check that no process a test started is still alive.
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Integration tests share ports and databases: one file at a time keeps them honest on 2 cores.
    fileParallelism: false,
    // Under CI a JSON report lets .ci/run print one plain "N passed, N failed" line and refuse skips.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: process.env.CI ? { json: 'var/ci/vitest-report.json' } : undefined,
  },
});
