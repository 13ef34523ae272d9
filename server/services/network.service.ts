import type { Network, NetworkLink, NetworkNode, Utility } from '../../core/model/index.js';
import type { CityStore, NetworkListOptions, Page } from '../../store/index.js';
import { apiErrors } from '../errors.js';
import type { CityService } from './city.service.js';
import type { CityNetworksCache } from './city-networks.cache.js';
import { linkCoverDepthM } from '../../core/excavation/index.js';
import type { ApiNetworkLink } from '../../core/contracts/network.js';

/** The underground networks of a city: the networks, their nodes and their links. */
export class NetworkService {
  constructor(
    private readonly store: CityStore,
    private readonly cities: CityService,
    /** Where the ground of a link's end nodes is looked up (for `coverDepthM`). */
    private readonly cityNetworks?: CityNetworksCache,
  ) {}

  /** Links as the API answers them: with their depth of cover from their end nodes' ground. */
  private async withCover(cityId: string, links: NetworkLink[]): Promise<ApiNetworkLink[]> {
    const city = this.cityNetworks ? await this.cityNetworks.get(cityId) : null;
    const fallback = city?.city.groundElevationM ?? (await this.store.getCity(cityId))?.groundElevationM ?? 0;
    const ground = async (id: string) =>
      city ? (city.index.node(id)?.groundM ?? fallback) : ((await this.store.getNode(cityId, id))?.groundM ?? fallback);
    return Promise.all(
      links.map(async (link) => ({
        ...link,
        coverDepthM: linkCoverDepthM(link, await ground(link.fromNodeId), await ground(link.toNodeId)),
      })),
    );
  }

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

  async links(query: { city?: string } & NetworkListOptions): Promise<Page<ApiNetworkLink>> {
    const { city, ...options } = query;
    const cityId = await this.cities.resolve(city);
    const page = await this.store.listLinks(cityId, options);
    return { ...page, items: await this.withCover(cityId, page.items) };
  }

  async node(city: string | undefined, id: string): Promise<NetworkNode> {
    const cityId = await this.cities.resolve(city);
    const node = await this.store.getNode(cityId, id);
    if (node === null) throw apiErrors.recordNotFound('node', id, cityId);
    return node;
  }

  async link(city: string | undefined, id: string): Promise<ApiNetworkLink> {
    const cityId = await this.cities.resolve(city);
    const link = await this.store.getLink(cityId, id);
    if (link === null) throw apiErrors.recordNotFound('link', id, cityId);
    return (await this.withCover(cityId, [link]))[0]!;
  }
}
