import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Every process group a test starts is written down here, one file per group, so the global teardown (another
 * process) can check that none is left alive when the run ends. The folder comes from the global setup through
 * GRIDTWIN_TEST_RUN_DIR; a test file run without it (an editor's test runner) uses a folder of its own.
 */
export function testRunDir(): string {
  let dir = process.env.GRIDTWIN_TEST_RUN_DIR;
  if (!dir) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-test-run-'));
    process.env.GRIDTWIN_TEST_RUN_DIR = dir;
  }
  return dir;
}

function registryDir(run = testRunDir()): string {
  const dir = path.join(run, 'processes');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** A process group recorded by a test: its id (the leader's pid) and what it runs. */
export interface RecordedGroup {
  pgid: number;
  command: string;
  startedBy: number;
  /**
   * Shared by the whole run (the browser suites' twin): it outlives the worker that started it and the global
   * teardown stops it, as a normal end, not a leak.
   */
  shared?: boolean;
}

const ours = new Set<number>();

/** Records a process group this process started (a shared one is not ended with this process). */
export function recordGroup(pgid: number, command: string, shared = false): void {
  if (!shared) ours.add(pgid);
  const entry: RecordedGroup = { pgid, command, startedBy: process.pid, ...(shared ? { shared } : {}) };
  fs.writeFileSync(path.join(registryDir(), String(pgid)), JSON.stringify(entry));
}

/** Forgets a process group once it is gone. */
export function forgetGroup(pgid: number, run = testRunDir()): void {
  ours.delete(pgid);
  fs.rmSync(path.join(registryDir(run), String(pgid)), { force: true });
}

/** Every recorded group of the run (any process of the run recorded it). */
export function recordedGroups(dir = testRunDir()): RecordedGroup[] {
  const folder = path.join(dir, 'processes');
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder).flatMap((name) => {
    try {
      return [JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8')) as RecordedGroup];
    } catch {
      return [];
    }
  });
}

/** Whether any process of group `pgid` is alive. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else (cannot happen for our own children, but it is alive).
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Sends `signal` to every process of group `pgid`; false when the group is gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

// The last line of defence inside a test worker: when it exits (a test file ended without stopping what it started,
// a crash, vitest tearing the worker down), every group it started and did not stop dies with it. The record stays,
// so the global teardown still reports the test that leaked it.
process.once('exit', () => {
  for (const pgid of ours) signalGroup(pgid, 'SIGKILL');
});
