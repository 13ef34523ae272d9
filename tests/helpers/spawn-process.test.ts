import { afterEach, describe, expect, it } from 'vitest';
import { groupAlive, recordedGroups } from './process-registry.js';
import { spawnProcess, type RunningProcess } from './spawn-process.js';

/** A parent that starts a child ignoring SIGTERM (as a stuck server would), prints both pids and waits. */
const STUBBORN_FAMILY = `
  const { spawn } = require('node:child_process');
  const child = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); console.log('ready')"], { stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.once('data', () => console.log('family ' + process.pid + ' ' + child.pid));
  setInterval(() => {}, 1000);
`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('tests/helpers/spawn-process: a started process group is stopped whole', () => {
  let running: RunningProcess | undefined;
  afterEach(async () => {
    await running?.stop('SIGKILL');
  });

  it('stop() ends the leader and a grandchild that ignores SIGTERM, and forgets the group', async () => {
    running = spawnProcess(process.execPath, ['-e', STUBBORN_FAMILY]);
    const line = await running.waitFor(/family \d+ \d+/, 60_000);
    const [parent, child] = line.split(' ').slice(1).map(Number) as [number, number];
    expect(recordedGroups().map((g) => g.pgid)).toContain(parent);
    expect(alive(child)).toBe(true);
    const t0 = Date.now();
    await running.stop('SIGTERM', 1_000);
    // The grandchild ignored SIGTERM: only the SIGKILL after the grace period ended it.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_000);
    expect(alive(parent)).toBe(false);
    expect(alive(child)).toBe(false);
    expect(groupAlive(parent)).toBe(false);
    expect(recordedGroups().map((g) => g.pgid)).not.toContain(parent);
  }, 120_000);

  it('a process that ends by itself is forgotten and returns its exit code', async () => {
    running = spawnProcess(process.execPath, ['-e', 'process.exit(3)']);
    expect(await running.exited).toBe(3);
    expect(recordedGroups().map((g) => g.pgid)).not.toContain(running.child.pid);
  }, 60_000);
});
