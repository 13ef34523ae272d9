import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Where empty databases are kept to copy from: beside the project's other caches (ts-hooks keeps its transpiled
 * sources there too), so it goes with `node_modules` and never travels with a data folder.
 */
const CACHE_DIR = path.resolve(import.meta.dirname, '..', 'node_modules', '.cache', 'gridtwin-pglite');

/** PGlite's version, which decides the layout of a data directory (a copy from another version would not open). */
function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  let dir = path.dirname(entry);
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Where the empty database of this PGlite version is kept. */
function templatePath(): string {
  return path.join(CACHE_DIR, `initdb-${pgliteVersion()}`);
}

/** Whether the empty database a new data directory copies is made already (benchmarks say which case they ran). */
export function hasTemplate(): boolean {
  return fs.existsSync(path.join(templatePath(), 'PG_VERSION'));
}

/** The empty database of this PGlite version, made now when no other process made it before. */
async function templateDir(): Promise<string> {
  const template = templatePath();
  if (hasTemplate()) return template;
  // Made aside and renamed into place: another process sees a whole template or none, never half of one.
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const making = fs.mkdtempSync(`${template}.making-`);
  try {
    // Loaded here only: a caller that finds the template (or a database) loads no PGlite for it (the worker client).
    const { PGlite } = await import('@electric-sql/pglite');
    // Its own start clears a small cache only: the template is closed at once.
    const db = await PGlite.create(making, {
      startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
    });
    await db.close();
    try {
      fs.renameSync(making, template);
    } catch (err) {
      // Another process renamed its own template into place first: theirs is as good.
      if (!fs.existsSync(path.join(template, 'PG_VERSION'))) throw err;
    }
  } finally {
    fs.rmSync(making, { recursive: true, force: true });
  }
  return template;
}

/**
 * Makes `dbDir`, when it holds no database yet, a copy of an empty database kept in the project's cache, instead of
 * leaving PGlite to run `initdb` in it: `initdb` is about 4-7 s of CPU, the copy (39 MB) about 0.5 s. The first
 * database of a machine (of a PGlite version) still pays `initdb` once, to make the template. Answers whether it
 * copied; any failure (a read-only cache) leaves `dbDir` to PGlite, as before.
 */
export async function seedFromTemplate(dbDir: string): Promise<boolean> {
  if (fs.existsSync(path.join(dbDir, 'PG_VERSION'))) return false;
  if (fs.existsSync(dbDir) && fs.readdirSync(dbDir).length > 0) return false;
  let template: string;
  try {
    template = await templateDir();
  } catch {
    return false;
  }
  try {
    fs.cpSync(template, dbDir, { recursive: true });
    return true;
  } catch {
    // A half-copied directory would not open: PGlite gets it empty again and runs initdb.
    fs.rmSync(dbDir, { recursive: true, force: true });
    fs.mkdirSync(dbDir, { recursive: true });
    return false;
  }
}

/** Where the empty in-memory database of this PGlite version is kept, as PGlite's own dump (a tar file). */
function memoryTemplatePath(): string {
  return `${templatePath()}.tar`;
}

/**
 * The empty database an in-memory PGlite starts from (`loadDataDir`), made once per PGlite version like the data
 * directory template: an in-memory database otherwise runs initdb too (about 2 s of CPU; loading the 40 MB dump about
 * 0.5 s). Tests open an in-memory database per suite, and some per test. Null when it cannot be made or read (PGlite
 * then runs initdb as before).
 */
export async function memoryTemplate(): Promise<Blob | null> {
  const file = memoryTemplatePath();
  try {
    if (!fs.existsSync(file)) {
      fs.mkdirSync(CACHE_DIR, { recursive: true });
      const { PGlite } = await import('@electric-sql/pglite');
      const db = await PGlite.create({ startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'] });
      const dump = await db.dumpDataDir('none');
      await db.close();
      // Written aside and renamed into place: another process reads a whole dump or none.
      const making = `${file}.making-${process.pid}-${Math.random().toString(36).slice(2)}`;
      fs.writeFileSync(making, Buffer.from(await dump.arrayBuffer()));
      fs.renameSync(making, file);
    }
    return new Blob([fs.readFileSync(file)]);
  } catch {
    return null;
  }
}
