import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { forgetGroup, groupAlive, recordedGroups, signalGroup } from './helpers/process-registry.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's scratch folder: the process registry, the prepared twin data directory. */
    testRunDir: string;
  }
}

/**
 * One scratch folder for the whole run, shared with the test workers (they inherit GRIDTWIN_TEST_RUN_DIR and can
 * `inject('testRunDir')`). At the end of the run the shared twin is stopped, and every other process group a test
 * started must be gone: a group still alive is killed and fails the run, naming what it ran.
 */
export function setup(project: TestProject): () => Promise<void> {
  // Each project of the run (vitest.config.ts: node, then browser) calls this; they share the first call's folder and
  // only the last teardown checks and cleans it.
  const shared = globalThis as { gridtwinTestRun?: { dir: string; users: number } };
  if (shared.gridtwinTestRun) {
    shared.gridtwinTestRun.users++;
    project.provide('testRunDir', shared.gridtwinTestRun.dir);
    return async () => {
      shared.gridtwinTestRun!.users--;
      if (shared.gridtwinTestRun!.users === 0) await endRun(shared.gridtwinTestRun!.dir);
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-test-run-'));
  shared.gridtwinTestRun = { dir, users: 1 };
  process.env.GRIDTWIN_TEST_RUN_DIR = dir;
  project.provide('testRunDir', dir);
  // Interrupted (Ctrl+C, a CI timeout's SIGTERM), the run ends without its teardown: what tests started, the shared
  // twin and the workers' Chromium among them, would be orphaned. Stop every recorded group first.
  const interrupted = (signal: NodeJS.Signals) => {
    for (const g of recordedGroups(dir)) signalGroup(g.pgid, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, interrupted);
  return async () => {
    shared.gridtwinTestRun!.users--;
    if (shared.gridtwinTestRun!.users === 0) await endRun(dir);
  };
}

/** The run's end: the shared twin stopped, every other recorded process group checked gone, the folder removed. */
async function endRun(dir: string): Promise<void> {
  // What the run shares (the browser suites' twin) ends here, as a normal end: SIGTERM, then SIGKILL after a bound.
  for (const g of recordedGroups(dir).filter((r) => r.shared)) {
    signalGroup(g.pgid, 'SIGTERM');
    const end = Date.now() + 60_000;
    while (groupAlive(g.pgid) && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    signalGroup(g.pgid, 'SIGKILL');
    forgetGroup(g.pgid, dir);
  }
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
}
