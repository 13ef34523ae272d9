import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnProcess } from '../helpers/spawn-process.js';

/** The node arguments of the `tiles` script in package.json (`node --import ./app/ts-hooks.mjs ... tiles/cli.ts`). */
function tilesScriptArgs(): string[] {
  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
  const [runner, ...args] = pkg.scripts.tiles!.split(/\s+/);
  expect(runner, 'the tiles script runs node itself (no wrapper process)').toBe('node');
  return args;
}

/** The data-pipeline CLI as a user runs it: `npm run tiles -- <command>`, on a real embedded database. */
describe('tiles/cli', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-cli-'));
  const env = { DATA_DIR: dataDir, DATABASE_URL: '' };
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  async function cli(...args: string[]): Promise<{ code: number | null; output: string }> {
    return cliIn(env, ...args);
  }

  async function cliIn(environment: Record<string, string>, ...args: string[]) {
    const p = spawnProcess(process.execPath, [...tilesScriptArgs(), ...args], environment);
    const code = await p.exited;
    return { code, output: p.output() };
  }

  it("answers a command's --help without loading the command or opening the store", async () => {
    const untouched = path.join(dataDir, 'never-created');
    for (const command of ['import', 'export', 'build', 'demo', 'generate', 'grids', 'basemap', 'audit']) {
      const help = await cliIn({ DATA_DIR: untouched, DATABASE_URL: '' }, command, '--help');
      expect(help.code, help.output).toBe(0);
      expect(help.output).toContain(`usage: npm run tiles -- ${command}`);
    }
    expect(fs.existsSync(untouched), 'no database was created for --help').toBe(false);
  });

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
