import { afterEach, describe, expect, it } from 'vitest';
import { processesOfCheckout } from './checkout-processes.js';
import { REPO_ROOT, spawnProcess, type RunningProcess } from './spawn-process.js';

describe('tests/helpers/checkout-processes: what .ci/run checks after the tests', () => {
  let running: RunningProcess | undefined;
  afterEach(async () => {
    await running?.stop('SIGKILL');
  });

  it('finds a process working in the checkout until it is stopped, and never the checking process', async () => {
    running = spawnProcess(process.execPath, ['-e', 'console.log("up"); setInterval(() => {}, 1000)']);
    await running.waitFor(/up/, 60_000);
    const pid = running.child.pid!;
    const before = processesOfCheckout(REPO_ROOT);
    expect(before.map((p) => p.pid)).toContain(pid);
    expect(before.find((p) => p.pid === pid)!.cwd).toBe(REPO_ROOT);
    expect(before.map((p) => p.pid)).not.toContain(process.pid);
    await running.stop();
    expect(processesOfCheckout(REPO_ROOT).map((p) => p.pid)).not.toContain(pid);
  }, 120_000);
});
