import type { Building, Grid, NetworkLink, NetworkNode, Sensor, Utility } from '../../core/model/index.js';
import { UTILITIES } from '../../core/model/index.js';
import { api, type CityInfo } from '../api/api-client.js';

/** Everything the viewer shows of one city, with lookups by id. Loaded once; read-only afterwards. */
export interface CityData {
  city: CityInfo;
  buildings: Building[];
  cells: Grid[];
  nodes: Map<Utility, NetworkNode[]>;
  links: Map<Utility, NetworkLink[]>;
  sensors: Sensor[];
  buildingById: Map<string, Building>;
  cellById: Map<string, Grid>;
  nodeById: Map<string, NetworkNode>;
  linkById: Map<string, NetworkLink>;
  sensorById: Map<string, Sensor>;
  /** Links that start or end at a node. */
  linksByNode: Map<string, NetworkLink[]>;
  /** Sensors mounted on a node, link or building. */
  sensorsByMount: Map<string, Sensor[]>;
}

function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((i) => [i.id, i]));
}

/** Indexes loaded records into a {@link CityData}. */
export function indexCityData(
  city: CityInfo, buildings: Building[], cells: Grid[], nodeLists: NetworkNode[][], linkLists: NetworkLink[][], sensors: Sensor[],
): CityData {
  const nodes = new Map<Utility, NetworkNode[]>();
  const links = new Map<Utility, NetworkLink[]>();
  UTILITIES.forEach((u, i) => {
    nodes.set(u, nodeLists[i] ?? []);
    links.set(u, linkLists[i] ?? []);
  });
  const allNodes = nodeLists.flat();
  const allLinks = linkLists.flat();
  const linksByNode = new Map<string, NetworkLink[]>();
  for (const link of allLinks) {
    for (const nodeId of [link.fromNodeId, link.toNodeId]) {
      const list = linksByNode.get(nodeId);
      if (list) list.push(link);
      else linksByNode.set(nodeId, [link]);
    }
  }
  const sensorsByMount = new Map<string, Sensor[]>();
  for (const s of sensors) {
    if (!s.mount) continue;
    const list = sensorsByMount.get(s.mount.id);
    if (list) list.push(s);
    else sensorsByMount.set(s.mount.id, [s]);
  }
  return {
    city, buildings, cells, nodes, links, sensors,
    buildingById: byId(buildings), cellById: byId(cells), nodeById: byId(allNodes), linkById: byId(allLinks),
    sensorById: byId(sensors), linksByNode, sensorsByMount,
  };
}

/** Loads the city, its buildings, grid cells, seven networks and sensors from the API, in parallel. */
export async function loadCityData(signal?: AbortSignal): Promise<CityData> {
  const [city, buildings, cells, sensors, nodeLists, linkLists] = await Promise.all([
    api.city(signal), api.buildings(signal), api.cells(signal), api.sensors(signal),
    Promise.all(UTILITIES.map((u) => api.nodes(u, signal))),
    Promise.all(UTILITIES.map((u) => api.links(u, signal))),
  ]);
  return indexCityData(city, buildings, cells, nodeLists, linkLists, sensors);
}
