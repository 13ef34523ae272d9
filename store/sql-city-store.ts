import type { z } from 'zod';
import {
  CitySchema,
  type Building,
  type City,
  type CityBundle,
  type Crew,
  type Grid,
  type GridLevel,
  type Network,
  type NetworkLink,
  type NetworkNode,
  type Sensor,
  type Utility,
} from '../core/model/index.js';
import type {
  CityStore,
  ListOptions,
  NetworkListOptions,
  Page,
  RegistryRecordKind,
  SaveMode,
  SaveOptions,
  SearchHit,
  SpatialListOptions,
} from './city-store.js';
import type { SqlClient, SqlExecutor } from './sql-client.js';
import { BUILDINGS, CREWS, GRIDS, LINKS, NETWORKS, NODES, SENSORS, type TableSpec } from './city-tables.js';
import { pageClause, WhereBuilder } from './list-query.js';
import { validateBundle, writeBundle } from './save-city.js';
import { searchCity } from './search-query.js';
import { runMigrations } from './migrate.js';

/** Default number of search hits. */
const DEFAULT_SEARCH_LIMIT = 20;

/** Thrown when a row read back does not validate: the database holds something the model no longer accepts. */
export class CorruptRecordError extends Error {
  override readonly name = 'CorruptRecordError';
}

function parseRecord<T>(schema: z.ZodType<T>, data: unknown, what: string): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new CorruptRecordError(
    `stored ${what} does not validate: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
  );
}

/**
 * The city store written once over a `SqlClient`, so PGlite and PostgreSQL run the same SQL. Records are validated
 * with the core zod schemas on the way in (`saveCity`) and on the way out (every read).
 */
export class SqlCityStore implements CityStore {
  readonly engine: 'pglite' | 'postgres';

  /** The connection under this store, shared by the live-data stores (readings, events, simulations). */
  get sql(): SqlClient {
    return this.db;
  }

  constructor(private readonly db: SqlClient) {
    this.engine = db.engine;
  }

  async migrate(): Promise<void> {
    await runMigrations(this.db);
  }

  async saveCity(bundle: CityBundle, mode: SaveMode = 'replace', options: SaveOptions = {}): Promise<void> {
    const valid = validateBundle(bundle);
    await this.db.transaction((tx) => writeBundle(tx, valid, mode, options));
  }

  async deleteRecords(cityId: string, kind: RegistryRecordKind, ids: readonly string[]): Promise<number> {
    const table = { grids: 'grids', crews: 'crews', sensors: 'sensors' }[kind];
    if (ids.length === 0) return 0;
    return this.db.transaction(async (tx) => {
      const rows = await tx.query(`DELETE FROM ${table} WHERE city_id = $1 AND id = ANY($2::text[]) RETURNING id`, [
        cityId,
        [...ids],
      ]);
      if (rows.length > 0) await tx.query('UPDATE cities SET revision = revision + 1 WHERE id = $1', [cityId]);
      return rows.length;
    });
  }

  async deleteCity(cityId: string): Promise<boolean> {
    const rows = await this.db.query('DELETE FROM cities WHERE id = $1 RETURNING id', [cityId]);
    return rows.length > 0;
  }

  async listCities(): Promise<City[]> {
    const rows = await this.db.query<{ id: string; data: unknown }>('SELECT id, data FROM cities ORDER BY id');
    return rows.map((r) => parseRecord(CitySchema, r.data, `city ${r.id}`));
  }

  async getCity(cityId: string): Promise<City | null> {
    const rows = await this.db.query<{ data: unknown }>('SELECT data FROM cities WHERE id = $1', [cityId]);
    return rows[0] ? parseRecord(CitySchema, rows[0].data, `city ${cityId}`) : null;
  }

  async cityRevision(cityId: string): Promise<number | null> {
    const rows = await this.db.query<{ revision: number }>('SELECT revision FROM cities WHERE id = $1', [cityId]);
    return rows[0]?.revision ?? null;
  }

  async countCity(cityId: string): Promise<Record<string, number>> {
    const tables = ['buildings', 'networks', 'nodes', 'links', 'sensors', 'grids', 'crews'];
    const selects = tables.map((t) => `(SELECT count(*) FROM ${t} WHERE city_id = $1)::int AS ${t}`);
    const rows = await this.db.query<Record<string, number>>(`SELECT ${selects.join(', ')}`, [cityId]);
    return { ...rows[0] };
  }

  async loadCity(cityId: string): Promise<CityBundle | null> {
    // One transaction: a concurrent save must not hand us half of the old city and half of the new one.
    return this.db.transaction(async (tx) => {
      // One snapshot for all the reads (READ COMMITTED would give each statement its own).
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      const city = await tx.query<{ data: unknown }>('SELECT data FROM cities WHERE id = $1', [cityId]);
      if (!city[0]) return null;
      const all = async <T>(spec: TableSpec<T>): Promise<T[]> => (await this.page(tx, spec, cityId, {})).items;
      return {
        city: parseRecord(CitySchema, city[0].data, `city ${cityId}`),
        buildings: await all(BUILDINGS),
        networks: await all(NETWORKS),
        nodes: await all(NODES),
        links: await all(LINKS),
        sensors: await all(SENSORS),
        grids: await all(GRIDS),
        crews: await all(CREWS),
      };
    });
  }

  async networksOfIds(cityId: string, table: 'nodes' | 'links', ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.query<{ id: string; network_id: string }>(
      `SELECT id, network_id FROM ${table === 'nodes' ? 'nodes' : 'links'} WHERE city_id = $1 AND id = ANY($2::text[])`,
      [cityId, [...ids]],
    );
    return new Map(rows.map((r) => [r.id, r.network_id]));
  }

  listBuildings(cityId: string, options: SpatialListOptions = {}): Promise<Page<Building>> {
    return this.page(this.db, BUILDINGS, cityId, options, (w) => w.intersects(options.bbox));
  }

  getBuilding(cityId: string, id: string): Promise<Building | null> {
    return this.byId(BUILDINGS, cityId, id);
  }

  async listNetworks(cityId: string): Promise<Network[]> {
    return (await this.page(this.db, NETWORKS, cityId, {})).items;
  }

  getNetwork(cityId: string, networkId: string): Promise<Network | null> {
    return this.byId(NETWORKS, cityId, networkId);
  }

  async networkAsImported(cityId: string, networkId: string): Promise<boolean> {
    const rows = await this.db.query<{ as_imported: boolean }>(
      'SELECT as_imported FROM networks WHERE city_id = $1 AND id = $2',
      [cityId, networkId],
    );
    return rows[0]?.as_imported === true;
  }

  listNodes(cityId: string, options: NetworkListOptions = {}): Promise<Page<NetworkNode>> {
    return this.page(this.db, NODES, cityId, options, networkFilter(options));
  }

  getNode(cityId: string, id: string): Promise<NetworkNode | null> {
    return this.byId(NODES, cityId, id);
  }

  listLinks(cityId: string, options: NetworkListOptions = {}): Promise<Page<NetworkLink>> {
    return this.page(this.db, LINKS, cityId, options, networkFilter(options));
  }

  getLink(cityId: string, id: string): Promise<NetworkLink | null> {
    return this.byId(LINKS, cityId, id);
  }

  listSensors(
    cityId: string,
    options: SpatialListOptions & { kind?: string; utility?: Utility } = {},
  ): Promise<Page<Sensor>> {
    return this.page(this.db, SENSORS, cityId, options, (w) => {
      w.intersects(options.bbox).equals('kind', options.kind).equals('utility', options.utility);
    });
  }

  getSensor(cityId: string, id: string): Promise<Sensor | null> {
    return this.byId(SENSORS, cityId, id);
  }

  listGrids(cityId: string, options: ListOptions & { level?: GridLevel; parentId?: string } = {}): Promise<Page<Grid>> {
    return this.page(this.db, GRIDS, cityId, options, (w) => {
      w.equals('level', options.level).equals('parent_id', options.parentId);
    });
  }

  getGrid(cityId: string, id: string): Promise<Grid | null> {
    return this.byId(GRIDS, cityId, id);
  }

  async listCrews(cityId: string): Promise<Crew[]> {
    return (await this.page(this.db, CREWS, cityId, {})).items;
  }

  async search(cityId: string, query: string, limit = DEFAULT_SEARCH_LIMIT): Promise<SearchHit[]> {
    return (await this.searchPage(cityId, query, limit)).items;
  }

  searchPage(cityId: string, query: string, limit = DEFAULT_SEARCH_LIMIT): Promise<Page<SearchHit>> {
    return searchCity(this.db, cityId, query, limit);
  }

  close(): Promise<void> {
    return this.db.close();
  }

  private async byId<T>(spec: TableSpec<T>, cityId: string, id: string): Promise<T | null> {
    const rows = await this.db.query<{ data: unknown }>(
      `SELECT data FROM ${spec.table} WHERE city_id = $1 AND id = $2`,
      [cityId, id],
    );
    return rows[0] ? parseRecord(spec.schema, rows[0].data, `${spec.noun} ${id}`) : null;
  }

  /**
   * A page of `spec`'s table for one city, in id order, with the total count of matching rows. `filter` adds the
   * list's own conditions after the city's.
   */
  private async page<T>(
    db: SqlExecutor,
    spec: TableSpec<T>,
    cityId: string,
    options: ListOptions,
    filter?: (where: WhereBuilder) => void,
  ): Promise<Page<T>> {
    const where = new WhereBuilder().equals('city_id', cityId);
    filter?.(where);
    const whereSql = where.toSql();
    const filterParams = [...where.params];
    const pageSql = pageClause(where, options.limit, options.offset);
    const rows = await db.query<{ id: string; data: unknown }>(
      `SELECT id, data FROM ${spec.table} ${whereSql} ORDER BY id ${pageSql}`,
      where.params,
    );
    const items = rows.map((r) => parseRecord(spec.schema, r.data, `${spec.noun} ${r.id}`));
    const offset = options.offset ?? 0;
    // A short first page is the whole result: skip the count.
    if (offset === 0 && (options.limit === undefined || items.length < options.limit))
      return { items, total: items.length };
    const counted = await db.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM ${spec.table} ${whereSql}`,
      filterParams,
    );
    return { items, total: counted[0]?.total ?? 0 };
  }
}

function networkFilter(options: NetworkListOptions): (where: WhereBuilder) => void {
  return (where) => {
    where
      .intersects(options.bbox)
      .equals('utility', options.utility)
      .equals('kind', options.kind)
      .equals('network_id', options.networkId);
  };
}
