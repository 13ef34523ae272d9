import type { Bbox, Building } from '../../core/model/index.js';
import type { CityStore, Page } from '../../store/index.js';
import { apiErrors } from '../errors.js';
import type { CityService } from './city.service.js';

/** Buildings of a city: pages filtered by box, and one by id. */
export class BuildingService {
  constructor(
    private readonly store: CityStore,
    private readonly cities: CityService,
  ) {}

  async list(query: { city?: string; limit: number; offset: number; bbox?: Bbox }): Promise<Page<Building>> {
    const cityId = await this.cities.resolve(query.city);
    return this.store.listBuildings(cityId, { limit: query.limit, offset: query.offset, bbox: query.bbox });
  }

  async get(city: string | undefined, id: string): Promise<Building> {
    const cityId = await this.cities.resolve(city);
    const building = await this.store.getBuilding(cityId, id);
    if (building === null) throw apiErrors.recordNotFound('building', id, cityId);
    return building;
  }
}
