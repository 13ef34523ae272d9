import fs from 'node:fs';
import path from 'node:path';

/** A held lock on an embedded database directory; `release` is idempotent. */
export interface DataDirLock {
  readonly lockPath: string;
  release(): void;
}

/** Thrown when another live process holds the database directory. */
export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
  constructor(
    readonly dbDir: string,
    readonly pid: number,
  ) {
    super(
      `the database in ${displayPath(dbDir)} is in use by process ${pid} (probably \`npm start\`); ` +
        'stop it, or set DATABASE_URL to use PostgreSQL',
    );
  }
}

/** The lock file guarding `dbDir`: beside it, not inside, so PGlite's own files stay untouched. */
export function lockPathOf(dbDir: string): string {
  return `${path.resolve(dbDir)}.lock`;
}

/**
 * Takes the lock on an embedded database directory: creates `<dbDir>.lock` holding this process's id, its start time
 * and the boot id (Linux /proc), so a lock is stale when its process no longer runs OR when its pid now belongs to
 * another process (a container restarted: the new GridTwin is pid 1 again, as the old one was). A stale lock is taken
 * over; a lock of a live process (this one included: PGlite cannot open one directory twice) throws
 * `DataDirInUseError`. The lock is also removed when the process exits, normally or through process.exit.
 */
export function acquireDataDirLock(dbDir: string): DataDirLock {
  const lockPath = lockPathOf(dbDir);
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  // Two attempts: the second follows the removal of a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, `${process.pid}\n${identityOf(process.pid)}\n`, { flag: 'wx' });
      return heldLock(lockPath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readPid(lockPath);
    if (holder !== null && isAlive(holder) && sameProcess(holder, readIdentity(lockPath)))
      throw new DataDirInUseError(dbDir, holder);
    fs.rmSync(lockPath, { force: true });
  }
  // Another process took the stale lock between our removal and our retry.
  throw new DataDirInUseError(dbDir, readPid(lockPath) ?? -1);
}

function heldLock(lockPath: string): DataDirLock {
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    process.removeListener('exit', release);
    // Only remove the file if it is still ours (a stale-lock takeover elsewhere must not be undone).
    if (readPid(lockPath) === process.pid) fs.rmSync(lockPath, { force: true });
  };
  process.once('exit', release);
  return { lockPath, release };
}

function readPid(lockPath: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(lockPath, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * What tells one process from a later one with the same pid: its start time in clock ticks since boot (field 22 of
 * /proc/<pid>/stat) and the boot id. Empty where /proc is not there (macOS, Windows): the pid alone then decides.
 */
export function identityOf(pid: number): string {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return `${fields[19] ?? ''}@${boot}`;
  } catch {
    return '';
  }
}

function readIdentity(lockPath: string): string {
  try {
    return fs.readFileSync(lockPath, 'utf8').split('\n')[1]?.trim() ?? '';
  } catch {
    return '';
  }
}

/** Whether `pid` is still the process that wrote `recorded` (true when either side cannot tell). */
function sameProcess(pid: number, recorded: string): boolean {
  if (recorded === '') return true;
  const now = identityOf(pid);
  return now === '' || now === recorded;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function displayPath(dir: string): string {
  const rel = path.relative(process.cwd(), path.resolve(dir));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : path.resolve(dir);
}
