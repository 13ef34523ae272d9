import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type CityStore } from '../../../store/index.js';
import { runImportCommand } from '../../../tiles/commands/import.command.js';
import { userStoreOf, verifyPassword } from '../../../store/users/index.js';
import { auditStoreOf } from '../../../store/audit/index.js';

const fixtures = path.resolve(import.meta.dirname, '..', '..', 'fixtures');
const crewsCsv = path.join(fixtures, 'registry', 'modena-crews.csv');
const crewsArea = path.join(fixtures, 'registry', 'modena-crews-area.geojson');
const usersCsv = path.join(fixtures, 'registry', 'modena-users.csv');

describe('import --as crews and --as users', () => {
  let dir: string;
  let store: CityStore;
  let lines: string[] = [];
  const run = async (...argv: string[]) => {
    lines = [];
    return runImportCommand(argv, { store, log: (l) => lines.push(l), now: () => Date.now(), dataDir: dir });
  };
  const crewsOf = async (code: string) => (await store.getGrid('modena', code))!.crewIds;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-crews-'));
    store = await openStore({ dataDir: dir });
    expect(await run('--city', 'modena', '--crs', 'EPSG:3003', path.join(fixtures, 'epanet', 'Modena.inp'))).toBe(0);
    const grid = path.join(fixtures, 'registry', 'modena-cells.geojson');
    expect(await run('--city', 'modena', '--as', 'grids', '--map', 'code=GRID_ID,worker=FZR,phone=TEL', grid)).toBe(0);
  });
  afterAll(async () => {
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('saves crews from CSV with their bases and cells, and from GeoJSON with a service-area polygon', async () => {
    expect(await run('--city', 'modena', '--as', 'crews', crewsCsv), lines.join('\n')).toBe(0);
    expect(lines.join('\n')).toMatch(/saved 3 crews into city modena \(3 new, 0 updated\); 12 grids changed/);
    const crews = await store.listCrews('modena');
    expect(crews.map((c) => c.id).sort()).toEqual(['MO-G1', 'MO-W1', 'MO-W2']);
    expect(crews.find((c) => c.id === 'MO-W1')).toMatchObject({
      utility: 'water',
      name: 'Squadra acquedotto Nord',
      nameEn: 'Water crew North',
      phone: '+39 059 300001',
      base: [10.915, 44.652],
    });
    expect(await crewsOf('MO-11')).toEqual(['MO-W2']);
    expect(await crewsOf('MO-34')).toEqual(['MO-W1']);
    // The polygon covers the two western columns: x1 and x2 of each row.
    expect(await run('--city', 'modena', '--as', 'crews', crewsArea), lines.join('\n')).toBe(0);
    for (const code of ['MO-11', 'MO-12', 'MO-21', 'MO-22', 'MO-31', 'MO-32'])
      expect(await crewsOf(code)).toContain('MO-S1');
    for (const code of ['MO-13', 'MO-14', 'MO-23', 'MO-24', 'MO-33', 'MO-34'])
      expect(await crewsOf(code)).not.toContain('MO-S1');
    // Re-importing with fewer cells moves the crew out of the others; the water crew stays first in its cells.
    const moved = path.join(dir, 'moved.csv');
    fs.writeFileSync(moved, 'id,name,utility,phone,cells\nMO-W2,Squadra acquedotto Sud,water,+39 059 300002,MO-11\n');
    expect(await run('--city', 'modena', '--as', 'crews', moved), lines.join('\n')).toBe(0);
    expect(await crewsOf('MO-11')).toEqual(['MO-W2', 'MO-S1']);
    expect(await crewsOf('MO-12')).toEqual(['MO-S1']);
  });

  it('a bad row names its line and field, and nothing is saved', async () => {
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(
      bad,
      [
        'id,name,utility,phone,lon,lat,cells',
        'MO-X1,Crew one,water,+39 1,10.9,44.6,MO-11',
        'MO-X2,Crew two,watr,+39 2,10.9,44.6,MO-12',
        'MO-X3,Crew three,gas,+39 3,10.9,,MO-13',
        'MO-X4,Crew four,gas,+39 4,,,MO-99',
      ].join('\n'),
    );
    const revision = await store.cityRevision('modena');
    expect(await run('--city', 'modena', '--as', 'crews', bad)).toBe(1);
    const out = lines.join('\n');
    expect(out).toMatch(/bad\.csv line 3 id MO-X2: utility "watr"/);
    expect(out).toMatch(/bad\.csv line 4 id MO-X3: lat: give both lon and lat/);
    expect(out).toMatch(/bad\.csv line 5 id MO-X4: cells: no grid "MO-99" in the city/);
    expect(out).toMatch(/nothing saved/);
    expect(await store.cityRevision('modena')).toBe(revision);
    expect((await store.listCrews('modena')).map((c) => c.id)).not.toContain('MO-X1');
  });

  it('refuses a city that does not exist and an unknown --map field', async () => {
    expect(await run('--city', 'nowhere', '--as', 'crews', crewsCsv)).toBe(2);
    expect(lines.join('\n')).toMatch(/no city "nowhere"/);
    expect(await run('--city', 'modena', '--as', 'crews', '--map', 'boss=CAPO', crewsCsv)).toBe(2);
    expect(lines.join('\n')).toMatch(/unknown field "boss"/);
  });

  it('users: accounts with crews and cells, generated passwords written once, updates keep passwords, audited', async () => {
    const out = path.join(dir, 'passwords.csv');
    expect(await run('--city', 'modena', '--as', 'users', '--passwords-out', out, usersCsv), lines.join('\n')).toBe(0);
    expect(lines.join('\n')).toMatch(/saved 4 accounts \(4 new, 0 updated\)/);
    const users = userStoreOf(store);
    const crew = (await users.getByUsername('bianchi.crew'))!;
    expect(crew.user).toMatchObject({
      displayName: 'Luca Bianchi',
      role: 'crew',
      crewId: 'MO-W1',
      utility: 'water',
      gridIds: ['MO-21', 'MO-22'],
    });
    expect((await users.getByUsername('verdi.crew'))!.user.utility).toBe('sewer');
    const manager = (await users.getByUsername('rossi.manager'))!;
    expect(await verifyPassword('modena-manager-2026', manager.passwordHash)).toBe(true);
    // Generated passwords: owner-only file, one per account without one, never in the output, each valid.
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    const rows = fs.readFileSync(out, 'utf8').trim().split('\n').slice(1);
    expect(rows.map((r) => r.split(',')[0]).sort()).toEqual(['bianchi.crew', 'neri.viewer', 'verdi.crew']);
    for (const row of rows) {
      const [username, password] = row.split(',');
      expect(lines.join('\n')).not.toContain(password!);
      expect(await verifyPassword(password!, (await users.getByUsername(username!))!.passwordHash)).toBe(true);
    }
    // Again, with a changed role: updated in place, the password kept, no new file; the audit log has both.
    const again = path.join(dir, 'users-again.csv');
    // With a name for English readers (the `name_en` column) this time.
    fs.writeFileSync(again, 'username,name,name_en,role,crew,cells\nneri.viewer,保罗·内里,Paolo Neri,planner,,\n');
    const before = (await users.getByUsername('neri.viewer'))!;
    expect(await run('--city', 'modena', '--as', 'users', again), lines.join('\n')).toBe(0);
    const after = (await users.getByUsername('neri.viewer'))!;
    expect(after.user.role).toBe('planner');
    expect(after.user).toMatchObject({ displayName: '保罗·内里', nameEn: 'Paolo Neri' });
    expect(after.user.id).toBe(before.user.id);
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(lines.join('\n')).not.toMatch(/written once/);
    const log = await auditStoreOf(store).list({ entity: 'user', entityId: after.user.id });
    expect(log.items.map((e) => [e.action, e.actor.username])).toEqual([
      ['update', 'cli'],
      ['create', 'cli'],
    ]);
  });

  it('users: a bad row names its line and field, and no account is saved', async () => {
    const bad = path.join(dir, 'bad-users.csv');
    fs.writeFileSync(
      bad,
      [
        'username,name,role,crew,cells,password',
        'ok.user,Ok,viewer,,,',
        'Bad Name,X,viewer,,,',
        'x.crew,X,crew,,,',
        'y.crew,Y,crew,MO-ZZ,,',
        'z.user,Z,viewer,,MO-99,',
        'w.user,W,boss,,,',
        'v.user,V,viewer,,,short',
      ].join('\n'),
    );
    expect(await run('--city', 'modena', '--as', 'users', bad)).toBe(1);
    const out = lines.join('\n');
    expect(out).toMatch(/line 3 id Bad Name: username "Bad Name": username must be/);
    expect(out).toMatch(/line 4 id x\.crew: crewId: a crew member needs a crew/);
    expect(out).toMatch(/line 5 id y\.crew: crewId: crew "MO-ZZ" is not a crew of the city/);
    expect(out).toMatch(/line 6 id z\.user: gridIds: no grid "MO-99"/);
    expect(out).toMatch(/line 7 id w\.user: role "boss"/);
    expect(out).toMatch(/line 8 id v\.user: password: password must have at least 10 characters/);
    expect(out).not.toContain('short');
    expect(out).toMatch(/nothing saved/);
    expect(await userStoreOf(store).getByUsername('ok.user')).toBeNull();
  });
});
