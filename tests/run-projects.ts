/**
 * `npm test`: the two vitest projects (vitest.config.ts) side by side, each in a vitest process of its own, since
 * vitest runs the projects of one process in a single pool of workers (one file at a time here). The browser suites
 * spend most of their time waiting on Chromium while the rest computes, so together they take about as long as the
 * browser suites alone. Arguments (files, -t, ...) make it one plain `vitest run` with them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const PROJECTS = ['browser', 'node'] as const;
const vitest = path.resolve('node_modules/vitest/vitest.mjs');
const args = process.argv.slice(2);

function run(extra: string[], env: NodeJS.ProcessEnv, prefix: string): { child: ChildProcess; done: Promise<number> } {
  const child = spawn(process.execPath, [vitest, 'run', ...extra], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  // Each line tagged with its project, so the two interleaved logs stay readable.
  for (const [stream, out] of [
    [child.stdout!, process.stdout],
    [child.stderr!, process.stderr],
  ] as const) {
    readline.createInterface({ input: stream }).on('line', (line) => out.write(`${prefix}${line}\n`));
  }
  const done = new Promise<number>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
  return { child, done };
}

async function main(): Promise<number> {
  if (args.length > 0) {
    const single = spawn(process.execPath, [vitest, 'run', ...args], { stdio: 'inherit' });
    return new Promise((resolve) => single.on('exit', (code) => resolve(code ?? 1)));
  }
  const t0 = Date.now();
  const runs = PROJECTS.map((name) =>
    run(
      ['--project', name],
      { ...process.env, VITEST_JSON_REPORT: `var/ci/vitest-report-${name}.json` },
      `[${name}] `.padEnd(10),
    ),
  );
  // Ctrl+C or a CI timeout reaches both vitest processes; each stops what its tests started (tests/global-setup.ts).
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      for (const r of runs) r.child.kill(signal);
    });
  }
  const codes = await Promise.all(runs.map((r) => r.done));
  const seconds = Math.round((Date.now() - t0) / 1000);
  PROJECTS.forEach((name, i) =>
    console.log(`${name} tests: ${codes[i] === 0 ? 'passed' : `failed (exit ${codes[i]})`}`),
  );
  console.log(`npm test: ${seconds} s`);
  return codes.every((c) => c === 0) ? 0 : 1;
}

process.exitCode = await main();
