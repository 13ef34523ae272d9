import type { City } from '../../core/model/index.js';
import type { CityStore, Page } from '../../store/index.js';
import { apiErrors } from '../errors.js';

/** A city as `/api/city` answers it: the record, its revision and how many records of each kind it has. */
export type CityDetails = City & { revision: number; counts: Record<string, number> };

/** Which city a request is about, and the city records themselves. */
export class CityService {
  constructor(
    private readonly store: CityStore,
    private readonly defaultCityId: string,
  ) {}

  /** The city a request names (`?city=`), or the default one; 404 when the store does not have it. */
  async resolve(cityId: string | undefined): Promise<string> {
    const id = cityId ?? this.defaultCityId;
    if ((await this.store.cityRevision(id)) !== null) return id;
    const known = (await this.store.listCities()).map((c) => c.id);
    throw apiErrors.cityNotFound(id, known);
  }

  async details(cityId: string | undefined): Promise<CityDetails> {
    const id = await this.resolve(cityId);
    const [city, revision, counts] = await Promise.all([
      this.store.getCity(id),
      this.store.cityRevision(id),
      this.store.countCity(id),
    ]);
    // Deleted between resolve and now.
    if (city === null || revision === null) throw apiErrors.cityNotFound(id, []);
    return { ...city, revision, counts };
  }

  async list(): Promise<Page<City>> {
    const items = await this.store.listCities();
    return { items, total: items.length };
  }
}
