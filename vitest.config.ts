import { defineConfig } from 'vitest/config';

// Tests run in Node; browser tests drive Debian's Chromium themselves through playwright-core.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Integration tests share ports and databases: one file at a time keeps them honest on 2 cores.
    fileParallelism: false,
    reporters: ['default'],
  },
});
