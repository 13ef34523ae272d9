import {
  planDistance,
  prepareDig,
  type DigGeometry,
  type DigHit,
  type PreparedDig,
} from '../../core/excavation/index.js';
import type { ExcavationCheck, ExcavationItem, ExcavationRequest } from '../../core/contracts/excavation.js';
import { chooseAssignment } from '../../core/incident/index.js';
import type { Utility } from '../../core/model/index.js';
import { apiErrors } from '../errors.js';
import type { CityNetworksCache, CityNetworks } from './city-networks.cache.js';
import type { CityService } from './city.service.js';

/** The dig geometry of a request. */
export function digOfRequest(request: ExcavationRequest): DigGeometry {
  return 'polygon' in request
    ? { polygon: request.polygon.coordinates, depthM: request.depthM }
    : { line: request.line.coordinates, widthM: request.widthM, depthM: request.depthM };
}

/**
 * Dig-safe: a planned excavation against the city's buried networks. Every element the dig reaches or passes within
 * its utility's clearance, with its owner (the grid cell's crew of that utility and the cell's worker), the sensors in
 * reach and the buildings whose service connections it touches.
 */
export class ExcavationService {
  constructor(
    private readonly cities: CityService,
    private readonly networks: CityNetworksCache,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async check(request: ExcavationRequest): Promise<ExcavationCheck> {
    const started = this.now();
    const cityId = await this.cities.resolve(request.city);
    const city = await this.networks.get(cityId);
    if (city === null) throw apiErrors.cityNotFound(cityId, []);
    let dig: PreparedDig;
    try {
      dig = prepareDig(digOfRequest(request));
    } catch (err) {
      throw apiErrors.badRequest(`excavation geometry: ${(err as Error).message}`);
    }
    if (!(dig.areaM2 > 0)) throw apiErrors.badRequest('excavation geometry: the polygon has no area');
    const hits = city.index.check(dig, city.clearances);
    const items = hits.map((hit) => this.item(city, hit));
    const itemIds = new Set(items.map((i) => i.id));
    let reach = 0;
    for (const c of Object.values(city.clearances.excavation)) reach = Math.max(reach, c.horizontalM);
    const sensors = city.sensors
      .map((s) => {
        const mountedOn = s.mount && itemIds.has(s.mount.id) ? s.mount.id : null;
        const h = planDistance(dig.prism, dig.plane.x(s.position[0]), dig.plane.y(s.position[1]));
        return { s, mountedOn, h };
      })
      .filter(({ mountedOn, h }) => mountedOn !== null || h <= reach)
      .map(({ s, mountedOn, h }) => ({
        id: s.id,
        kind: s.kind,
        name: s.name ?? null,
        position: s.position,
        mountedOn,
        horizontalDistanceM: Math.round(h * 1000) / 1000,
      }));
    const byBuilding = new Map<string, string[]>();
    for (const item of items)
      if (item.buildingId !== null)
        byBuilding.set(item.buildingId, [...(byBuilding.get(item.buildingId) ?? []), item.id]);
    const buildings = [...byBuilding].map(([id, connectionIds]) => {
      const b = city.buildings.get(id);
      const address = b?.address ? `${b.address.street}${b.address.number ?? ''}` : null;
      return { id, name: b?.name ?? null, address, connectionIds };
    });
    const utilities = [...new Set(items.map((i) => i.utility))].sort() as Utility[];
    return {
      cityId,
      outline: dig.outline,
      depthM: request.depthM,
      areaM2: Math.round(dig.areaM2 * 100) / 100,
      items,
      sensors,
      buildings,
      utilities,
      clearanceSource: city.clearances.source,
      elapsedMs: Math.round((this.now() - started) * 100) / 100,
    };
  }

  private item(city: CityNetworks, hit: DigHit): ExcavationItem {
    const cell = hit.gridId === null ? null : (city.cells.get(hit.gridId) ?? null);
    const assignment = chooseAssignment(cell, [...city.crews.values()], hit.utility);
    const crew = assignment.crewId === null ? null : (city.crews.get(assignment.crewId) ?? null);
    return {
      ...hit,
      gridCode: cell?.code ?? null,
      crew: crew === null ? null : { id: crew.id, name: crew.name, phone: crew.phone },
      worker: assignment.worker,
    };
  }
}
