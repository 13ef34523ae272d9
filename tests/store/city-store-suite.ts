import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CityBundle } from '../../core/model/index.js';
import type { SqlClient, SqlExecutor } from '../../store/sql-client.js';
import { SqlCityStore } from '../../store/sql-city-store.js';
import { runMigrations } from '../../store/migrate.js';
import { MIGRATIONS } from '../../store/migrations/index.js';
import { InvalidBundleError } from '../../store/index.js';
import { makeCityFixture, makeLargeCityBundle, squareAt } from '../helpers/city-fixture.js';

const byId = <T extends { id: string }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const ids = (items: readonly { id: string }[]): string[] => items.map((i) => i.id);

function sortedBundle(b: CityBundle): CityBundle {
  return {
    city: b.city,
    buildings: byId(b.buildings),
    networks: byId(b.networks),
    nodes: byId(b.nodes),
    links: byId(b.links),
    sensors: byId(b.sensors),
    grids: byId(b.grids),
    crews: byId(b.crews),
  };
}

/** A client whose `failOn`-th query inside a transaction throws, to prove a failed save leaves nothing behind. */
function failingClient(inner: SqlClient, failOn: number): SqlClient {
  return {
    ...inner,
    engine: inner.engine,
    transaction: (fn) =>
      inner.transaction((tx) => {
        let n = 0;
        const wrapped: SqlExecutor = {
          exec: (sql) => tx.exec(sql),
          query: (sql, params) =>
            ++n === failOn ? Promise.reject(new Error('injected failure')) : tx.query(sql, params),
        };
        return fn(wrapped);
      }),
  };
}

/**
 * The contract of the city store, run against any engine. `openClient` answers a connection to an empty database
 * (or schema); the suite migrates it and closes it at the end.
 */
export function cityStoreSuite(openClient: () => Promise<SqlClient>): void {
  let client: SqlClient;
  let store: SqlCityStore;

  beforeAll(async () => {
    client = await openClient();
    store = new SqlCityStore(client);
    await store.migrate();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('migrations are recorded once and a second run applies nothing', async () => {
    expect(await runMigrations(client)).toEqual([]);
    await store.migrate();
    const rows = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('nodes and links keep the indexes their list queries use and no others', async () => {
    const rows = await client.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('nodes', 'links')
       ORDER BY indexname`,
    );
    expect(rows.map((r) => r.indexname)).toEqual([
      'links_max_corner',
      'links_min_corner',
      'links_network',
      'links_pkey',
      'links_utility_kind',
      'nodes_max_corner',
      'nodes_min_corner',
      'nodes_network',
      'nodes_pkey',
      'nodes_utility_kind',
    ]);
  });

  it('a current schema is checked without a transaction; a missing migration still runs in one', async () => {
    let transactions = 0;
    const counting: SqlClient = {
      ...client,
      engine: client.engine,
      transaction: (fn) => {
        transactions++;
        return client.transaction(fn);
      },
    };
    expect(await runMigrations(counting)).toEqual([]);
    expect(transactions).toBe(0);
    const extra = { version: 1_000_000, name: 'suite-extra', sql: 'CREATE TABLE suite_extra_migration (id int)' };
    expect(await runMigrations(counting, [...MIGRATIONS, extra])).toEqual([extra.version]);
    expect(transactions).toBe(1);
    expect(await runMigrations(counting, [...MIGRATIONS, extra])).toEqual([]);
    expect(transactions).toBe(1);
    await client.exec('DROP TABLE suite_extra_migration');
    await client.query('DELETE FROM schema_migrations WHERE version = $1', [extra.version]);
  });

  it('saves a bundle and loads back exactly what went in', async () => {
    const fixture = makeCityFixture({ cityId: 'round-trip' });
    await store.saveCity(fixture);
    const loaded = await store.loadCity('round-trip');
    expect(loaded).not.toBeNull();
    expect(sortedBundle(loaded!)).toEqual(sortedBundle(fixture));
    expect(await store.getCity('round-trip')).toEqual(fixture.city);
    expect(await store.getBuilding('round-trip', 'b-004')).toEqual(fixture.buildings.find((b) => b.id === 'b-004'));
    expect(await store.getNode('round-trip', 'w-r1')).toEqual(fixture.nodes.find((n) => n.id === 'w-r1'));
    expect(await store.getLink('round-trip', 'w-p5')).toEqual(fixture.links.find((l) => l.id === 'w-p5'));
    expect(await store.getSensor('round-trip', 'sen-l-m1')).toEqual(fixture.sensors.find((s) => s.id === 'sen-l-m1'));
    expect(await store.getGrid('round-trip', 'g-cell-e')).toEqual(fixture.grids.find((g) => g.id === 'g-cell-e'));
    expect(await store.getBuilding('round-trip', 'b-nope')).toBeNull();
    expect(await store.loadCity('no-such-city')).toBeNull();
    expect(await store.countCity('round-trip')).toEqual({
      buildings: 6,
      networks: 2,
      nodes: 9,
      links: 7,
      sensors: 4,
      grids: 5,
      crews: 2,
    });
    expect(ids(await store.listCities())).toContain('round-trip');
    expect(byId(await store.listCrews('round-trip'))).toEqual(byId(fixture.crews));
    expect(byId(await store.listNetworks('round-trip'))).toEqual(byId(fixture.networks));
  });

  it("answers the network of given node and link ids of one city only (an import's clash check)", async () => {
    const fixture = makeCityFixture({ cityId: 'owners' });
    await store.saveCity(fixture);
    await store.saveCity(makeCityFixture({ cityId: 'owners-other' }));
    const node = fixture.nodes[0]!,
      link = fixture.links.at(-1)!;
    const nodes = await store.networksOfIds('owners', 'nodes', [node.id, 'no-such-node']);
    expect(Object.fromEntries(nodes)).toEqual({ [node.id]: node.networkId });
    const links = await store.networksOfIds('owners', 'links', [link.id, node.id]);
    expect(Object.fromEntries(links)).toEqual({ [link.id]: link.networkId });
    expect((await store.networksOfIds('nobody', 'nodes', [node.id])).size).toBe(0);
    expect((await store.networksOfIds('owners', 'nodes', [])).size).toBe(0);
  });

  it('keeps cities apart even when record ids repeat', async () => {
    await store.saveCity(makeCityFixture({ cityId: 'twin-a' }));
    await store.saveCity(makeCityFixture({ cityId: 'twin-b', name: '第二城' }));
    expect(await store.deleteCity('twin-a')).toBe(true);
    expect(await store.deleteCity('twin-a')).toBe(false);
    expect((await store.countCity('twin-a')).buildings).toBe(0);
    expect((await store.getBuilding('twin-b', 'b-001'))?.name).toBe('上海中心大厦');
    expect((await store.getCity('twin-b'))?.name).toBe('第二城');
  });

  it('replace drops what the new bundle lacks; merge keeps it and replaces records by id', async () => {
    const full = makeCityFixture({ cityId: 'modes' });
    await store.saveCity(full);
    const revision1 = await store.cityRevision('modes');
    const changed = { ...full.buildings[0]!, name: '改名大厦' };
    const added = { ...full.buildings[1]!, id: 'b-100', footprint: squareAt(121.51, 31.24) };
    const partial: CityBundle = {
      ...full,
      buildings: [changed, added],
      nodes: [],
      links: [],
      sensors: [],
      grids: [],
      crews: [],
      networks: [],
    };

    await store.saveCity(partial, 'merge');
    expect((await store.getBuilding('modes', 'b-001'))?.name).toBe('改名大厦');
    expect(await store.getBuilding('modes', 'b-100')).not.toBeNull();
    expect((await store.countCity('modes')).buildings).toBe(7);
    expect((await store.countCity('modes')).nodes).toBe(9);

    await store.saveCity(partial, 'replace');
    expect(await store.countCity('modes')).toMatchObject({ buildings: 2, nodes: 0, grids: 0 });
    expect(await store.getBuilding('modes', 'b-003')).toBeNull();
    expect(await store.cityRevision('modes')).toBe(revision1! + 2);
    expect(await store.cityRevision('no-such-city')).toBeNull();
  });

  it('a network saved as imported stays so until a write touches its nodes or links', async () => {
    const fixture = makeCityFixture({ cityId: 'as-imported' });
    const asImported = () => store.networkAsImported('as-imported', 'net-water');
    await store.saveCity(fixture, 'replace', { asImported: ['net-water'] });
    expect(await asImported()).toBe(true);
    expect(await store.networkAsImported('as-imported', 'net-sewer')).toBe(false);
    expect(await store.networkAsImported('as-imported', 'no-such-network')).toBe(false);
    expect(await store.getNetwork('as-imported', 'net-water')).toEqual(
      fixture.networks.find((n) => n.id === 'net-water'),
    );
    expect(await store.getNetwork('as-imported', 'no-such-network')).toBeNull();
    const none = { ...fixture, buildings: [], networks: [], nodes: [], links: [], sensors: [], grids: [], crews: [] };

    // Writes that leave the network's nodes and links alone keep it.
    await store.saveCity({ ...none, buildings: [{ ...fixture.buildings[0]!, name: '改名' }] }, 'merge');
    await store.saveCity({ ...none, nodes: fixture.nodes.filter((n) => n.networkId !== 'net-water') }, 'merge');
    expect(await asImported()).toBe(true);

    // An edit of one of its nodes (even one that writes the same record) clears it, and so does a saved link.
    const water = fixture.nodes.find((n) => n.networkId === 'net-water')!;
    await store.saveCity({ ...none, nodes: [water] }, 'merge');
    expect(await asImported()).toBe(false);
    await store.saveCity(fixture, 'replace', { asImported: ['net-water'] });
    const link = fixture.links.find((l) => l.networkId === 'net-water')!;
    await store.saveCity({ ...none, links: [link] }, 'merge');
    expect(await asImported()).toBe(false);

    // Saved again without the claim: cleared; with it, but over a stored node the bundle lacks: not as imported.
    await store.saveCity(fixture, 'replace', { asImported: ['net-water'] });
    await store.saveCity(fixture, 'merge');
    expect(await asImported()).toBe(false);
    const dropped = fixture.nodes.filter((n) => n.networkId === 'net-water' && n.kind === 'valve');
    const withoutValve = { ...fixture, nodes: fixture.nodes.filter((n) => !dropped.includes(n)) };
    expect(dropped.length).toBeGreaterThan(0);
    await store.saveCity(withoutValve, 'merge', { asImported: ['net-water'] });
    expect(await asImported()).toBe(false);
    await store.saveCity(fixture, 'merge', { asImported: ['net-water'] });
    expect(await asImported()).toBe(true);

    // A node deleted underneath (a direct write to the table) clears it too.
    await client.query('DELETE FROM nodes WHERE city_id = $1 AND id = $2', ['as-imported', dropped[0]!.id]);
    expect(await asImported()).toBe(false);
  });

  it('filters by bbox, utility, kind, network, level and parent', async () => {
    const fixture = makeCityFixture({ cityId: 'filters' });
    await store.saveCity(fixture);
    const [cx, cy] = fixture.city.center;
    const west = [cx - 0.01, cy - 0.01, cx - 0.0005, cy + 0.01] as [number, number, number, number];
    expect(ids((await store.listBuildings('filters', { bbox: west })).items)).toEqual(['b-001', 'b-002', 'b-003']);
    // w-p3 runs from -0.001 to +0.001: its extent crosses the box's east edge, so it is in.
    expect(ids((await store.listLinks('filters', { bbox: west })).items)).toEqual(['w-p1', 'w-p2', 'w-p3']);
    expect(ids((await store.listNodes('filters', { bbox: west })).items)).toEqual(['w-j1', 'w-j2', 'w-r1']);
    expect((await store.listBuildings('filters', { bbox: [0, 0, 1, 1] })).total).toBe(0);

    expect(ids((await store.listNodes('filters', { utility: 'sewer' })).items)).toEqual(['s-m1', 's-m2', 's-o1']);
    expect(ids((await store.listNodes('filters', { kind: 'valve' })).items)).toEqual(['w-v1']);
    expect(ids((await store.listLinks('filters', { kind: 'conduit', utility: 'sewer' })).items)).toEqual([
      's-c1',
      's-c2',
    ]);
    expect((await store.listLinks('filters', { networkId: 'net-water' })).total).toBe(5);
    expect((await store.listLinks('filters', { utility: 'gas' })).total).toBe(0);
    expect(ids((await store.listNodes('filters', { utility: 'water', bbox: west, kind: 'junction' })).items)).toEqual([
      'w-j1',
      'w-j2',
    ]);

    expect(ids((await store.listSensors('filters', { kind: 'pressure' })).items)).toEqual(['sen-p-j2']);
    expect(ids((await store.listSensors('filters', { utility: 'sewer' })).items)).toEqual(['sen-l-m1']);
    expect(ids((await store.listSensors('filters', { bbox: west })).items)).toEqual(['sen-f-p1', 'sen-p-j2']);
    expect(ids((await store.listGrids('filters', { level: 'cell' })).items)).toEqual(['g-cell-e', 'g-cell-w']);
    expect(ids((await store.listGrids('filters', { parentId: 'g-district' })).items)).toEqual(['g-street']);
  });

  it('pages in id order with the total of all matches', async () => {
    await store.saveCity(makeCityFixture({ cityId: 'paging' }));
    const all = await store.listBuildings('paging');
    expect(all.total).toBe(6);
    const pages = [];
    for (let offset = 0; offset < 6; offset += 4) {
      const page = await store.listBuildings('paging', { limit: 4, offset });
      expect(page.total).toBe(6);
      pages.push(...page.items);
    }
    expect(ids(pages)).toEqual(ids(all.items));
    expect(ids(all.items)).toEqual([...ids(all.items)].sort());
    expect(await store.listBuildings('paging', { limit: 2, offset: 10 })).toEqual({ items: [], total: 6 });
    const filtered = await store.listNodes('paging', { utility: 'water', limit: 2, offset: 1 });
    expect(filtered.total).toBe(6);
    expect(filtered.items).toHaveLength(2);
  });

  it('searches addresses in any spacing, names in zh and en, ids and grid codes, best first', async () => {
    await store.saveCity(makeCityFixture({ cityId: 'search' }));
    const first = async (q: string) => (await store.search('search', q))[0];
    expect(await first('陆家嘴环路1388')).toMatchObject({ type: 'building', id: 'b-004', matched: 'address' });
    expect(await first('陆家嘴环路 1388')).toMatchObject({ id: 'b-004', matched: 'address' });
    expect(await first('陆家嘴环路１３８８号')).toMatchObject({ id: 'b-004', matched: 'address' });
    expect(await first('世纪大道 88')).toMatchObject({ id: 'b-003', matched: 'address' });
    // A street prefix finds every building on it before anything that only contains the words.
    const street = await store.search('search', '陆家嘴');
    expect(
      street
        .slice(0, 2)
        .map((h) => h.id)
        .sort(),
    ).toEqual(['b-004', 'b-005']);
    expect(street.map((h) => h.id)).toContain('g-street');
    expect(await first('金茂')).toMatchObject({ id: 'b-003', matched: 'name', label: '金茂大厦' });
    expect(await first('shanghai TOWER')).toMatchObject({ id: 'b-001', matched: 'name' });
    expect(await first('Pearl')).toMatchObject({ id: 'b-006', matched: 'name' });
    expect(await first('B-004')).toMatchObject({ id: 'b-004', matched: 'id' });
    expect(await first('sen-rain-1')).toMatchObject({ type: 'sensor', id: 'sen-rain-1', matched: 'id' });
    expect(await first('310115001001-02')).toMatchObject({ type: 'grid', id: 'g-cell-e', matched: 'code' });
    const byPrefix = await store.searchPage('search', 'w-p', 3);
    expect(byPrefix.total).toBe(5);
    expect(byPrefix.items.map((h) => h.id)).toEqual(['w-p1', 'w-p2', 'w-p3']);
    expect(await store.search('search', 'nothing-like-this')).toEqual([]);
    expect(await store.search('search', '   ')).toEqual([]);
    expect(await store.search('search', '%')).toEqual([]);
    // Exact id before an address that merely contains the text.
    const hit = await first('b-006');
    expect(hit).toMatchObject({ id: 'b-006', matched: 'id' });
    expect(hit!.position[0]).toBeCloseTo(121.5095, 6);
  });

  it('rejects a bundle with a bad record and writes nothing of it', async () => {
    const good = makeCityFixture({ cityId: 'atomic' });
    await store.saveCity(good);
    const bad = makeCityFixture({ cityId: 'atomic' });
    bad.buildings = bad.buildings.map((b) => ({ ...b, name: 'new' }));
    bad.links[3] = { ...bad.links[3]!, diameterMm: -5 };
    await expect(store.saveCity(bad)).rejects.toThrow(InvalidBundleError);
    await expect(store.saveCity(bad)).rejects.toThrow(/links\[3\] \(link w-p4\)\.diameterMm/);
    const dup = makeCityFixture({ cityId: 'atomic' });
    dup.nodes.push({ ...dup.nodes[0]! });
    await expect(store.saveCity(dup)).rejects.toThrow(/duplicate node id/);
    expect(sortedBundle((await store.loadCity('atomic'))!)).toEqual(sortedBundle(good));
  });

  it('rolls back the whole save when the database fails half way', async () => {
    const good = makeCityFixture({ cityId: 'rollback' });
    await store.saveCity(good);
    const revision = await store.cityRevision('rollback');
    const faulty = new SqlCityStore(failingClient(client, 6));
    const next = makeCityFixture({ cityId: 'rollback', name: '不该保存' });
    await expect(faulty.saveCity(next, 'replace')).rejects.toThrow('injected failure');
    expect(sortedBundle((await store.loadCity('rollback'))!)).toEqual(sortedBundle(good));
    expect(await store.cityRevision('rollback')).toBe(revision);
  });

  it('saves a demo-sized city (1,500 buildings, 10,000 nodes, 10,000 links) in chunks', async () => {
    const big = makeLargeCityBundle({ cityId: 'big', buildings: 1500, nodes: 10_000, links: 10_000 });
    const t0 = performance.now();
    await store.saveCity(big);
    const saveMs = performance.now() - t0;
    expect(await store.countCity('big')).toMatchObject({ buildings: 1500, nodes: 10_000, links: 10_000 });
    const last = await store.getLink('big', 'l-9999');
    expect(last).toEqual(big.links[9999]);
    const t1 = performance.now();
    const hits = await store.searchPage('big', `${big.buildings[1234]!.address!.street} 1235`, 10);
    const searchMs = performance.now() - t1;
    expect(hits.items[0]).toMatchObject({ id: 'b-1234', matched: 'address' });
    console.info(
      `${client.engine}: saveCity of 21,500 records ${saveMs.toFixed(0)} ms, search ${searchMs.toFixed(1)} ms`,
    );
  });
}
