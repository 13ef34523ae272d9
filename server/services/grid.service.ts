import type { Crew, Grid, GridLevel, Person } from '../../core/model/index.js';
import { GridLocator } from '../../core/grid/grid-locator.js';
import type { CityStore, Page } from '../../store/index.js';
import { apiErrors } from '../errors.js';
import type { CityService } from './city.service.js';

/** What the grid service needs of a locator (core's GridLocator, or a stand-in in tests). */
export interface CellLocator {
  locateCell(lonDeg: number, latDeg: number): Grid | null;
  /** Grids from the root down to `cellId`. */
  hierarchy(cellId: string): Grid[];
}

/** Builds the locator of a city's grids. */
export type CellLocatorFactory = (grids: Grid[]) => CellLocator;

/** The answer of `/api/grids/locate`: the cell under a point, its chain of parents, who answers for it. */
export interface LocatedCell {
  cell: Grid;
  /** `[district, street, community, cell]`, root first. */
  hierarchy: Grid[];
  worker: Person | null;
  crews: Crew[];
}

interface CachedLocator {
  revision: number;
  locator: CellLocator;
  crews: Map<string, Crew>;
}

/**
 * Management grids: lists, lookups and "which cell is this point in". The locator of a city is built once from its
 * grids and kept until the city's revision changes (a new save, from this process or another).
 */
export class GridService {
  private readonly locators = new Map<string, Promise<CachedLocator>>();

  constructor(
    private readonly store: CityStore,
    private readonly cities: CityService,
    private readonly createLocator: CellLocatorFactory = (grids) => new GridLocator(grids),
  ) {}

  async list(query: {
    city?: string;
    limit: number;
    offset: number;
    level?: GridLevel;
    parent?: string;
  }): Promise<Page<Grid>> {
    const cityId = await this.cities.resolve(query.city);
    return this.store.listGrids(cityId, {
      limit: query.limit,
      offset: query.offset,
      level: query.level,
      parentId: query.parent,
    });
  }

  /** The city's utility crews (name, utility, base, phone), optionally of one utility, by name. */
  async crews(query: { city?: string; utility?: Crew['utility'] }): Promise<Page<Crew>> {
    const cityId = await this.cities.resolve(query.city);
    const crews = (await this.store.listCrews(cityId))
      .filter((c) => query.utility === undefined || c.utility === query.utility)
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    return { items: crews, total: crews.length };
  }

  async get(city: string | undefined, id: string): Promise<Grid> {
    const cityId = await this.cities.resolve(city);
    const grid = await this.store.getGrid(cityId, id);
    if (grid === null) throw apiErrors.recordNotFound('grid', id, cityId);
    return grid;
  }

  async locate(query: { city?: string; lon: number; lat: number }): Promise<LocatedCell> {
    const cityId = await this.cities.resolve(query.city);
    const { locator, crews } = await this.locatorOf(cityId);
    const cell = locator.locateCell(query.lon, query.lat);
    if (cell === null) throw apiErrors.outsideGrids(query.lon, query.lat, cityId);
    return {
      cell,
      hierarchy: locator.hierarchy(cell.id),
      worker: cell.worker ?? null,
      crews: cell.crewIds.map((id) => crews.get(id)).filter((c): c is Crew => c !== undefined),
    };
  }

  /** The cached locator of a city, rebuilt when the city's revision moved on. */
  private async locatorOf(cityId: string): Promise<CachedLocator> {
    const revision = await this.store.cityRevision(cityId);
    if (revision === null) throw apiErrors.cityNotFound(cityId, []);
    const cached = this.locators.get(cityId);
    if (cached !== undefined) {
      const entry = await cached.catch(() => null);
      if (entry !== null && entry.revision === revision) return entry;
    }
    // Keep the promise, not the result, so concurrent first requests share one build.
    const building = this.build(cityId, revision);
    this.locators.set(cityId, building);
    building.catch(() => this.locators.delete(cityId));
    return building;
  }

  private async build(cityId: string, revision: number): Promise<CachedLocator> {
    const [grids, crews] = await Promise.all([this.store.listGrids(cityId), this.store.listCrews(cityId)]);
    return {
      revision,
      locator: this.createLocator(grids.items),
      crews: new Map(crews.map((c) => [c.id, c])),
    };
  }
}
