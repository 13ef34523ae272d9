import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirInUseError, identityOf, lockPathOf } from '../../store/data-dir-lock.js';

describe('store/data-dir-lock', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-lock-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes this process id beside the directory and removes it on release', () => {
    const dir = path.join(root, 'a', 'db');
    const lock = acquireDataDirLock(dir);
    expect(lock.lockPath).toBe(lockPathOf(dir));
    const [pid, identity] = fs.readFileSync(lock.lockPath, 'utf8').trim().split('\n');
    expect(pid).toBe(String(process.pid));
    // Linux: the process start time (clock ticks) and the boot id, so a reused pid is not mistaken for the holder.
    if (process.platform === 'linux') expect(identity).toMatch(/^\d+@[0-9a-f-]{36}$/);
    lock.release();
    expect(fs.existsSync(lock.lockPath)).toBe(false);
    lock.release();
  });

  it('refuses a directory held by a live process, naming it and the way out', async () => {
    const dir = path.join(root, 'b', 'db');
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      fs.mkdirSync(path.dirname(dir), { recursive: true });
      fs.writeFileSync(lockPathOf(dir), `${other.pid}\n`);
      let error: unknown;
      try {
        acquireDataDirLock(dir);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(DataDirInUseError);
      const message = (error as Error).message;
      expect(message).toContain(`is in use by process ${other.pid} (probably \`npm start\`)`);
      expect(message).toContain('set DATABASE_URL to use PostgreSQL');
      expect(message).toContain(path.basename(dir));
      expect(fs.readFileSync(lockPathOf(dir), 'utf8').trim()).toBe(String(other.pid));
    } finally {
      other.kill();
    }
  });

  it('refuses a second lock in the same process', () => {
    const dir = path.join(root, 'c', 'db');
    const lock = acquireDataDirLock(dir);
    try {
      expect(() => acquireDataDirLock(dir)).toThrow(`in use by process ${process.pid}`);
    } finally {
      lock.release();
    }
  });

  it('takes over a stale lock left by a process that has exited', () => {
    const dir = path.join(root, 'd', 'db');
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout.trim());
    expect(deadPid).toBeGreaterThan(0);
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.writeFileSync(lockPathOf(dir), `${deadPid}\n`);
    const lock = acquireDataDirLock(dir);
    expect(fs.readFileSync(lock.lockPath, 'utf8').split('\n')[0]).toBe(String(process.pid));
    lock.release();
  });

  it.skipIf(process.platform !== 'linux')(
    'takes over a lock whose pid now belongs to another process (pid reuse after a container restart)',
    () => {
      const dir = path.join(root, 'e', 'db');
      fs.mkdirSync(path.dirname(dir), { recursive: true });
      // The lock names a live pid (this very process, as pid 1 would be in a restarted container) but another start.
      const [ticks, boot] = identityOf(process.pid).split('@');
      fs.writeFileSync(lockPathOf(dir), `${process.pid}\n${Number(ticks) - 1000}@${boot}\n`);
      const lock = acquireDataDirLock(dir);
      expect(fs.readFileSync(lock.lockPath, 'utf8').split('\n')[1]).toBe(identityOf(process.pid));
      // ...while the same pid with the same start still holds it.
      expect(() => acquireDataDirLock(dir)).toThrow(DataDirInUseError);
      lock.release();
    },
  );
});
