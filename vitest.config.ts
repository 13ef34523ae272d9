import { defineConfig } from 'vitest/config';

// Tests run in Node; browser tests drive Debian's Chromium themselves through playwright-core.
const shared = {
  environment: 'node' as const,
  testTimeout: 60_000,
  hookTimeout: 180_000,
  // A scratch folder per run and, at its end, a check that no process a test started is still alive (shared by both
  // projects: the last teardown checks).
  globalSetup: ['tests/global-setup.ts'],
};

export default defineConfig({
  test: {
    projects: [
      {
        // Everything but the browser: two files at a time (each PostgreSQL test has a schema of its own, each broker,
        // twin and server a free port), first.
        test: {
          ...shared,
          name: 'node',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/browser/**', '**/node_modules/**'],
          maxWorkers: 2,
          // One module graph per worker, not per file: a fresh graph for each of ~150 files (zod schemas, express,
          // PGlite's WebAssembly) left both workers idle between files for 336 of 995 s in one run. Suites own their
          // state (a database, broker and port each), and none mocks modules or timers.
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        // Browser suites share one running twin and a Chromium, and software WebGL takes a core: one file at a time,
        // after the node files, never beside them.
        test: {
          ...shared,
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          fileParallelism: false,
          // One worker for every browser file (no fresh process and module graph per file): the files share the
          // twin anyway, and each file's start-up cost ~30 s on two busy cores.
          isolate: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
    // Under CI a JSON report lets .ci/run print one plain "N passed, N failed" line and refuse skips.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: process.env.CI ? { json: 'var/ci/vitest-report.json' } : undefined,
  },
});
