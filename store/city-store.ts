import type { SearchHit } from '../core/contracts/search.js';
import type {
  Bbox,
  Building,
  City,
  CityBundle,
  Crew,
  Grid,
  GridLevel,
  NetworkLink,
  NetworkNode,
  Network,
  NodeKind,
  LinkKind,
  Sensor,
  Utility,
} from '../core/model/index.js';

/** A page of a list: the items and the total matching count (before `limit`/`offset`). */
export interface Page<T> {
  items: T[];
  total: number;
}

export interface ListOptions {
  limit?: number;
  offset?: number;
}

export interface SpatialListOptions extends ListOptions {
  /** WGS84 `[west, south, east, north]`: keep features whose extent intersects it. */
  bbox?: Bbox;
}

export interface NetworkListOptions extends SpatialListOptions {
  utility?: Utility;
  kind?: NodeKind | LinkKind;
  networkId?: string;
}

/** One hit of the search box: what it is, its id, a label to show and where to fly. */
export type { SearchHit };

/** The registries the admin API edits record by record. */
export type RegistryRecordKind = 'grids' | 'crews' | 'sensors';

/**
 * How a city's data is saved: `replace` drops everything of the city first (a rebuild of the demo city);
 * `merge` keeps what is there and inserts or replaces records by id (importing a network into an existing city).
 */
export type SaveMode = 'replace' | 'merge';

/** What a save knows of its records beyond the records themselves. */
export interface SaveOptions {
  /**
   * Ids of networks of the bundle whose nodes and links are exactly what their source file imports to (an import
   * saving what it read, unchanged). Such a network, until a later write touches its nodes or links, exports as the
   * file it came from (`networkAsImported`). Networks of the bundle not named here lose the flag.
   */
  asImported?: readonly string[];
}

/**
 * The city store: the only code that knows how the twin's model sits in the database. Two implementations run the
 * same SQL and migrations: embedded PGlite and PostgreSQL.
 */
export interface CityStore {
  /** `pglite` or `postgres`. */
  readonly engine: 'pglite' | 'postgres';
  /** Saves a whole bundle in one transaction (all or nothing). */
  saveCity(bundle: CityBundle, mode?: SaveMode, options?: SaveOptions): Promise<void>;
  deleteCity(cityId: string): Promise<boolean>;
  listCities(): Promise<City[]>;
  getCity(cityId: string): Promise<City | null>;
  /** Counts of each kind of record of a city (buildings, nodes, links, sensors, grids, crews, networks). */
  countCity(cityId: string): Promise<Record<string, number>>;
  /** Everything of a city (for exports, tiles and the grid index). */
  loadCity(cityId: string): Promise<CityBundle | null>;

  /**
   * The network each of these node (or link) ids belongs to in the city; ids not stored are absent. Lets an import
   * check its ids against the city without loading the city.
   */
  networksOfIds(cityId: string, table: 'nodes' | 'links', ids: readonly string[]): Promise<Map<string, string>>;

  listBuildings(cityId: string, options?: SpatialListOptions): Promise<Page<Building>>;
  getBuilding(cityId: string, id: string): Promise<Building | null>;
  listNetworks(cityId: string): Promise<Network[]>;
  /** One network of a city, or null. */
  getNetwork(cityId: string, networkId: string): Promise<Network | null>;
  /**
   * Whether the network's nodes and links are still exactly as the import that saved them wrote them (saved with
   * `asImported` naming it, and no write has touched them since); false for a missing network.
   */
  networkAsImported(cityId: string, networkId: string): Promise<boolean>;
  listNodes(cityId: string, options?: NetworkListOptions): Promise<Page<NetworkNode>>;
  getNode(cityId: string, id: string): Promise<NetworkNode | null>;
  listLinks(cityId: string, options?: NetworkListOptions): Promise<Page<NetworkLink>>;
  getLink(cityId: string, id: string): Promise<NetworkLink | null>;
  listSensors(
    cityId: string,
    options?: SpatialListOptions & { kind?: string; utility?: Utility },
  ): Promise<Page<Sensor>>;
  getSensor(cityId: string, id: string): Promise<Sensor | null>;
  listGrids(cityId: string, options?: ListOptions & { level?: GridLevel; parentId?: string }): Promise<Page<Grid>>;
  getGrid(cityId: string, id: string): Promise<Grid | null>;
  listCrews(cityId: string): Promise<Crew[]>;
  /** Addresses (street and number, in any spacing), names (zh/en), ids and grid codes; best matches first. */
  search(cityId: string, query: string, limit?: number): Promise<SearchHit[]>;
  /** Like `search`, with the number of all hits (before `limit`). */
  searchPage(cityId: string, query: string, limit?: number): Promise<Page<SearchHit>>;
  /**
   * A number that goes up each time the city is saved (null when there is no such city): caches built from a city's
   * data (the grid locator) compare it to know when to rebuild, even when another process saved.
   */
  cityRevision(cityId: string): Promise<number | null>;

  /**
   * Deletes records of a city by id (the admin API) and raises the city's revision, in one transaction. Answers how
   * many were deleted.
   */
  deleteRecords(cityId: string, kind: RegistryRecordKind, ids: readonly string[]): Promise<number>;

  /** Runs pending migrations (idempotent; called by `openStore`). */
  migrate(): Promise<void>;
  close(): Promise<void>;
}
