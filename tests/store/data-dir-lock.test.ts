import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirInUseError, lockPathOf } from '../../store/data-dir-lock.js';

describe('store/data-dir-lock', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-lock-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes this process id beside the directory and removes it on release', () => {
    const dir = path.join(root, 'a', 'db');
    const lock = acquireDataDirLock(dir);
    expect(lock.lockPath).toBe(lockPathOf(dir));
    expect(fs.readFileSync(lock.lockPath, 'utf8').trim()).toBe(String(process.pid));
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
    expect(fs.readFileSync(lock.lockPath, 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  });
});
