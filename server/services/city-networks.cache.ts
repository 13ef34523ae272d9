import { DigIndex, resolveClearanceTable, type ClearanceTable } from '../../core/excavation/index.js';
import type { Building, City, Crew, Grid, Sensor } from '../../core/model/index.js';
import type { CityStore } from '../../store/index.js';

/** What the dig check needs of a city, loaded once per city revision. */
export interface CityNetworks {
  city: City;
  revision: number;
  index: DigIndex;
  clearances: ClearanceTable;
  cells: ReadonlyMap<string, Grid>;
  crews: ReadonlyMap<string, Crew>;
  sensors: readonly Sensor[];
  buildings: ReadonlyMap<string, Building>;
}

/**
 * A city's networks under a spatial index, with its cells, crews, sensors and buildings, rebuilt when the city's
 * revision changes (even when another process saved it). Loads are shared: concurrent requests wait for one load.
 */
export class CityNetworksCache {
  private readonly cache = new Map<string, Promise<CityNetworks | null>>();

  constructor(private readonly store: CityStore) {}

  async get(cityId: string): Promise<CityNetworks | null> {
    const revision = await this.store.cityRevision(cityId);
    if (revision === null) return null;
    const cached = this.cache.get(cityId);
    if (cached) {
      const value = await cached;
      if (value !== null && value.revision === revision) return value;
    }
    const loading = this.load(cityId, revision);
    this.cache.set(cityId, loading);
    loading.catch(() => this.cache.delete(cityId));
    return loading;
  }

  private async load(cityId: string, revision: number): Promise<CityNetworks | null> {
    const bundle = await this.store.loadCity(cityId);
    if (bundle === null) return null;
    return {
      city: bundle.city,
      revision,
      index: new DigIndex(bundle.nodes, bundle.links, bundle.city.groundElevationM),
      clearances: resolveClearanceTable(bundle.city.clearances),
      cells: new Map(bundle.grids.filter((g) => g.level === 'cell').map((g) => [g.id, g])),
      crews: new Map(bundle.crews.map((c) => [c.id, c])),
      sensors: bundle.sensors,
      buildings: new Map(bundle.buildings.map((b) => [b.id, b])),
    };
  }
}
