import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { groupAlive, recordedGroups, signalGroup } from './helpers/process-registry.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's scratch folder: the process registry, the prepared twin data directory. */
    testRunDir: string;
  }
}

/**
 * One scratch folder for the whole run, shared with the test workers (they inherit GRIDTWIN_TEST_RUN_DIR and can
 * `inject('testRunDir')`). At the end of the run every process group a test started must be gone: a group still
 * alive is killed and fails the run, naming what it ran.
 */
export function setup(project: TestProject): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-test-run-'));
  process.env.GRIDTWIN_TEST_RUN_DIR = dir;
  project.provide('testRunDir', dir);
  return () => {
    const alive = recordedGroups(dir).filter((g) => groupAlive(g.pgid));
    for (const g of alive) signalGroup(g.pgid, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
    if (alive.length > 0) {
      // vitest reports an error thrown here but would still exit 0: the exit code says it too.
      process.exitCode = 1;
      throw new Error(
        `${alive.length} process group(s) started by tests were still alive at the end of the run (now killed):\n` +
          alive.map((g) => `  pgid ${g.pgid}: ${g.command}`).join('\n'),
      );
    }
  };
}
