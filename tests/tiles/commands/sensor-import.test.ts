import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type CityStore } from '../../../store/index.js';
import { liveDataStores } from '../../../store/readings/index.js';
import { verifySecret } from '../../../store/readings/device-secret.js';
import { runImportCommand } from '../../../tiles/commands/import.command.js';
import { GridLocator } from '../../../core/grid/index.js';

const fixtures = path.resolve(import.meta.dirname, '..', '..', 'fixtures');
const sensorsCsv = path.join(fixtures, 'registry', 'modena-sensors.csv');

describe('import --as sensors', () => {
  let dir: string;
  let store: CityStore;
  let lines: string[] = [];
  const run = async (...argv: string[]) => {
    lines = [];
    return runImportCommand(argv, { store, log: (l) => lines.push(l), now: () => Date.now(), dataDir: dir });
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-sensors-'));
    store = await openStore({ dataDir: dir });
    expect(await run('--city', 'modena', '--crs', 'EPSG:3003', path.join(fixtures, 'epanet', 'Modena.inp'))).toBe(0);
    const grid = path.join(fixtures, 'registry', 'modena-cells.geojson');
    expect(await run('--city', 'modena', '--as', 'grids', '--map', 'code=GRID_ID,worker=FZR,phone=TEL', grid)).toBe(0);
  });
  afterAll(async () => {
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('binds sensors to nodes and links, converts units, puts them in cells and provisions credentials once', async () => {
    const out = path.join(dir, 'field.csv');
    expect(
      await run('--city', 'modena', '--as', 'sensors', '--credentials-out', out, sensorsCsv),
      lines.join('\n'),
    ).toBe(0);
    const p = (await store.getSensor('modena', 'MO-P-001'))!;
    const node = (await store.getNode('modena', '10'))!;
    expect(p.position).toEqual(node.position);
    expect(p.mount).toEqual({ type: 'node', id: '10' });
    expect(p.utility).toBe('water');
    expect(p.unit).toBe('m');
    expect(p.thresholds.hi).toBeCloseTo(71.1 * 0.70307, 2); // psi -> m of water
    expect(p.thresholds.deadband).toBeCloseTo(1.4 * 0.70307, 3);
    const f = (await store.getSensor('modena', 'MO-F-001'))!;
    expect(f.unit).toBe('L/s');
    expect(f.thresholds.hi).toBeCloseTo(250, 6); // 900 m3/h
    expect((await store.getSensor('modena', 'MO-R-001'))!.name).toBe('Rain gauge, Sacca');
    const grids = (await store.listGrids('modena', { limit: 100 })).items;
    expect(p.gridId).toBe(new GridLocator(grids).locateCell(p.position[0], p.position[1])!.id);
    // Credentials: one owner-only file, never in the output, each secret valid against the stored hash.
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    const rows = fs.readFileSync(out, 'utf8').trim().split('\n').slice(1);
    expect(rows).toHaveLength(4);
    const devices = liveDataStores(store).devices;
    for (const row of rows) {
      const [id, , secret] = row.split(',');
      expect(lines.join('\n')).not.toContain(secret!);
      const cred = (await devices.get('modena', id!))!;
      expect(await verifySecret(secret!, cred.salt, cred.hash)).toBe(true);
    }
    // Again: the sensors are updated, no credential changes, no new file.
    const before = (await devices.get('modena', 'MO-P-001'))!.hash;
    expect(await run('--city', 'modena', '--as', 'sensors', sensorsCsv)).toBe(0);
    expect(lines.join('\n')).toMatch(/none made, none changed/);
    expect((await devices.get('modena', 'MO-P-001'))!.hash).toBe(before);
  });

  it('a bad row: the error names the line and field, and nothing is saved', async () => {
    const bad = path.join(dir, 'bad.csv');
    const text = fs.readFileSync(sensorsCsv, 'utf8').split('\n');
    text.splice(3, 0, 'MO-P-009,presure,bar,,10.92,44.64,,,,,,,,60', 'MO-P-010,pressure,bar,,,,99999,,,,,,,60');
    fs.writeFileSync(bad, text.join('\n'));
    const revision = await store.cityRevision('modena');
    expect(await run('--city', 'modena', '--as', 'sensors', bad)).toBe(1);
    const out = lines.join('\n');
    expect(out).toMatch(/bad\.csv line 4 id MO-P-009: kind "presure"/);
    expect(out).toMatch(/bad\.csv line 5 id MO-P-010: node "99999" is not in the city's networks/);
    expect(out).toMatch(/nothing saved/);
    expect(await store.cityRevision('modena')).toBe(revision);
    expect(await store.getSensor('modena', 'MO-P-009')).toBeNull();
  });
});
