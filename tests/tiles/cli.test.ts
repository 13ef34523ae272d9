import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTsx } from '../helpers/spawn-process.js';

/** The data-pipeline CLI as a user runs it: `npm run tiles -- <command>`, on a real embedded database. */
describe('tiles/cli', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-cli-'));
  const env = { DATA_DIR: dataDir, DATABASE_URL: '' };
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  async function cli(...args: string[]): Promise<{ code: number | null; output: string }> {
    const p = runTsx('tiles/cli.ts', args, env);
    const code = await p.exited;
    return { code, output: p.output() };
  }

  it('prints its usage for help and fails on an unknown command', async () => {
    const help = await cli('help');
    expect(help.code).toBe(0);
    expect(help.output).toContain('import --city ID');
    const bad = await cli('frobnicate');
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('unknown command "frobnicate"');
  });

  it('imports a real EPANET network, then exports it back to .inp', async () => {
    const imported = await cli(
      'import',
      '--city',
      'net3-demo',
      '--anchor',
      '121.5,31.24',
      '--scale',
      '20',
      'tests/fixtures/epanet/Net3.inp',
    );
    expect(imported.code, imported.output).toBe(0);
    expect(imported.output).toMatch(/97\s+nodes|nodes:?\s+97/);
    expect(imported.output, 'the import names the network id to export').toContain('water-net3');
    const out = path.join(dataDir, 'net3.inp');
    const exported = await cli('export', '--city', 'net3-demo', '--network', 'water-net3', '-o', out);
    expect(exported.code, exported.output).toBe(0);
    const text = fs.readFileSync(out, 'utf8');
    expect(text).toContain('[PIPES]');
    expect(text).toContain('[END]');
  });

  it('refuses a broken file with a clear error and imports nothing', async () => {
    const broken = path.join(dataDir, 'broken.inp');
    const good = fs.readFileSync('tests/fixtures/epanet/Net1.inp', 'utf8');
    fs.writeFileSync(
      broken,
      good.replace(/\[PIPES\][\s\S]*?\n(\s*\n)/, '[PIPES]\n 10 11 99 10530 18 100 0 Open ;\n\n'),
    );
    const result = await cli('import', '--city', 'broken-city', '--anchor', '121.5,31.24', '--scale', '10', broken);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/99/);
    const list = await cli('export', '--city', 'broken-city', '--network', 'broken', '-o', path.join(dataDir, 'x.inp'));
    expect(list.code).not.toBe(0);
  });
});
