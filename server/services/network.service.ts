import type { Network, NetworkLink, NetworkNode, Utility } from '../../core/model/index.js';
import type { CityStore, NetworkListOptions, Page } from '../../store/index.js';
import { apiErrors } from '../errors.js';
import type { CityService } from './city.service.js';

/** The underground networks of a city: the networks, their nodes and their links. */
export class NetworkService {
  constructor(
    private readonly store: CityStore,
    private readonly cities: CityService,
  ) {}

  async networks(query: { city?: string; utility?: Utility }): Promise<Page<Network>> {
    const cityId = await this.cities.resolve(query.city);
    const items = (await this.store.listNetworks(cityId)).filter(
      (n) => query.utility === undefined || n.utility === query.utility,
    );
    return { items, total: items.length };
  }

  async nodes(query: { city?: string } & NetworkListOptions): Promise<Page<NetworkNode>> {
    const { city, ...options } = query;
    return this.store.listNodes(await this.cities.resolve(city), options);
  }

  async links(query: { city?: string } & NetworkListOptions): Promise<Page<NetworkLink>> {
    const { city, ...options } = query;
    return this.store.listLinks(await this.cities.resolve(city), options);
  }

  async node(city: string | undefined, id: string): Promise<NetworkNode> {
    const cityId = await this.cities.resolve(city);
    const node = await this.store.getNode(cityId, id);
    if (node === null) throw apiErrors.recordNotFound('node', id, cityId);
    return node;
  }

  async link(city: string | undefined, id: string): Promise<NetworkLink> {
    const cityId = await this.cities.resolve(city);
    const link = await this.store.getLink(cityId, id);
    if (link === null) throw apiErrors.recordNotFound('link', id, cityId);
    return link;
  }
}
