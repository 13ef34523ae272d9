import type { CityStore, Page, SearchHit } from '../../store/index.js';
import type { CityService } from './city.service.js';

/** The search box: addresses, names, ids and grid codes of one city, best matches first. */
export class SearchService {
  constructor(
    private readonly store: CityStore,
    private readonly cities: CityService,
  ) {}

  async search(query: { city?: string; q: string; limit: number }): Promise<Page<SearchHit>> {
    const cityId = await this.cities.resolve(query.city);
    return this.store.searchPage(cityId, query.q, query.limit);
  }
}
