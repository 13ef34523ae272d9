/**
 * `npm test`: the two projects of vitest.config.ts side by side, as two `vitest run` processes.
 *
 * Why two processes: the browser project runs one file at a time (the files share one twin, and Chromium's software
 * WebGL takes a core), which left the second core mostly idle for its ~20 minutes while the node files waited for
 * it to start. Vitest runs projects of one group in one pool with one worker limit, so the node project's two
 * workers and the browser project's one cannot share a run; two processes can. Each keeps its own global setup
 * (scratch folder, the end-of-run check that no process a test started is alive) and JSON report; under CI the
 * reports are merged into the one .ci/run reads.
 *
 * With arguments (`npm test -- tests/some.test.ts`, `npm test -- --project node`) it is a plain `vitest run`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

const ROOT = path.resolve(import.meta.dirname, '..');
const VITEST = path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const REPORT_DIR = path.join(ROOT, 'var', 'ci');
const PROJECTS = ['node', 'browser'] as const;

/** The fields of vitest's JSON report that .ci/run reads (counts are summed, file results concatenated). */
interface JsonReport {
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numTotalTestSuites?: number;
  numPassedTestSuites?: number;
  numFailedTestSuites?: number;
  numPendingTestSuites?: number;
  startTime: number;
  success: boolean;
  testResults: unknown[];
}

const children = new Set<ChildProcess>();

function run(args: string[], env: NodeJS.ProcessEnv, prefix?: string): Promise<number> {
  const child = spawn(process.execPath, [VITEST, 'run', ...args], {
    cwd: ROOT,
    env,
    stdio: prefix ? ['ignore', 'pipe', 'pipe'] : 'inherit',
  });
  children.add(child);
  if (prefix) {
    // Line by line with the project's name, so the two interleaved logs stay readable.
    for (const stream of [child.stdout!, child.stderr!]) {
      const out = stream === child.stdout ? process.stdout : process.stderr;
      readline.createInterface({ input: stream }).on('line', (line) => out.write(`${prefix} ${line}\n`));
    }
  }
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      children.delete(child);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

function mergeReports(files: string[], into: string): void {
  const reports = files
    .filter((f) => fs.existsSync(f))
    .map((f) => JSON.parse(fs.readFileSync(f, 'utf8')) as JsonReport);
  if (reports.length === 0) return;
  const sum = (k: keyof JsonReport) => reports.reduce((n, r) => n + ((r[k] as number | undefined) ?? 0), 0);
  const merged: JsonReport = {
    numTotalTests: sum('numTotalTests'),
    numPassedTests: sum('numPassedTests'),
    numFailedTests: sum('numFailedTests'),
    numPendingTests: sum('numPendingTests'),
    numTodoTests: sum('numTodoTests'),
    numTotalTestSuites: sum('numTotalTestSuites'),
    numPassedTestSuites: sum('numPassedTestSuites'),
    numFailedTestSuites: sum('numFailedTestSuites'),
    numPendingTestSuites: sum('numPendingTestSuites'),
    startTime: Math.min(...reports.map((r) => r.startTime)),
    // A project whose report is missing (it crashed before writing) fails the merged run too.
    success: reports.length === files.length && reports.every((r) => r.success),
    testResults: reports.flatMap((r) => r.testResults),
  };
  fs.writeFileSync(into, JSON.stringify(merged));
}

async function main(args: string[]): Promise<number> {
  if (args.length > 0) return run(args, process.env);
  const reportOf = (p: string) => path.join(REPORT_DIR, `vitest-report-${p}.json`);
  for (const p of PROJECTS) fs.rmSync(reportOf(p), { force: true });
  const codes = await Promise.all(
    PROJECTS.map((p) =>
      run(
        ['--project', p],
        {
          ...process.env,
          GRIDTWIN_VITEST_REPORT: reportOf(p),
          // Piped through the prefixer, vitest would drop its colours on a terminal.
          ...(process.stdout.isTTY && !process.env.NO_COLOR ? { FORCE_COLOR: '1' } : {}),
        },
        `[${p}]`.padEnd(9),
      ),
    ),
  );
  if (process.env.CI) {
    mergeReports(PROJECTS.map(reportOf), path.join(REPORT_DIR, 'vitest-report.json'));
  }
  PROJECTS.forEach((p, i) => console.log(`${p} project: ${codes[i] === 0 ? 'passed' : `failed (exit ${codes[i]})`}`));
  return codes.every((c) => c === 0) ? 0 : 1;
}

// Ctrl+C reaches the children through the terminal's process group; a signal sent to this process alone (a CI
// timeout) is passed on, so each vitest runs its teardown and stops what its tests started.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    for (const c of children) c.kill(signal);
  });
}

process.exitCode = await main(process.argv.slice(2));
