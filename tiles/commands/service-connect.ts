import fs from 'node:fs';
import type { CityStore, SaveMode } from '../../store/index.js';
import type { Bbox, Building, NetworkLink, NetworkNode } from '../../core/model/index.js';
import { metresPerDegree } from '../../core/geo/index.js';
import {
  serviceNetworkOf,
  serviceNodeOf,
  withServiceConnection,
  type ServiceAttributes,
} from '../../core/simulation/service-attributes.js';
import { partsBbox, type BundleParts } from '../import/city-extent.js';
import { connectToNearestMains, parseServiceConnectionsCsv } from '../import/service-connections.js';

export interface ServiceConnectOptions {
  /** Reach of a service line from the nearest main, m. */
  toleranceM: number;
  /** A `building,node` CSV: these connections instead of the nearest main. */
  mappingFile?: string;
}

/** What was connected, for the QA lines. */
export interface ServiceConnectSummary {
  lines: string[];
  /** Errors (a mapping row naming an unknown building or node): nothing is saved. */
  errors: string[];
}

interface WaterNet {
  id: string;
  nodes: NetworkNode[];
  links: NetworkLink[];
}

/** A water network whose buildings hang on service lines of their own (the demo city, pipe GIS) needs none. */
function modelsItsServices(links: readonly NetworkLink[]): boolean {
  return links.some((l) => l.kind === 'service');
}

/** `box` grown by `m` metres on every side. */
function grow(box: Bbox, m: number): Bbox {
  const d = metresPerDegree((box[1] + box[3]) / 2);
  return [box[0] - m / d.lon, box[1] - m / d.lat, box[2] + m / d.lon, box[3] + m / d.lat];
}

/**
 * Connects the buildings of an import to the water networks of the city, and the buildings of the city to an imported
 * water network (either may come first): each building not yet connected gets the junction of its nearest main within
 * the tolerance, or the node a mapping file names. Buildings changed here (stored ones too) are added to
 * `parts.buildings`, so the one save of the import writes them. Networks that model their own service lines are left
 * alone. Answers the QA lines (how many connected, how many beyond the tolerance) and errors.
 */
export async function connectServices(
  store: CityStore,
  cityId: string,
  mode: SaveMode,
  parts: Required<BundleParts>,
  options: ServiceConnectOptions,
): Promise<ServiceConnectSummary> {
  const summary: ServiceConnectSummary = { lines: [], errors: [] };
  const importedIds = new Set(parts.networks.map((n) => n.id));
  const imported: WaterNet[] = parts.networks
    .filter((n) => n.utility === 'water')
    .map((n) => ({
      id: n.id,
      nodes: parts.nodes.filter((x) => x.networkId === n.id),
      links: parts.links.filter((x) => x.networkId === n.id),
    }))
    .filter((n) => !modelsItsServices(n.links));
  const merge = mode === 'merge';
  // Stored networks matter only when buildings come in (new buildings join the networks already there).
  const stored: WaterNet[] = [];
  if (merge && (parts.buildings.length > 0 || options.mappingFile)) {
    for (const n of await store.listNetworks(cityId)) {
      if (n.utility !== 'water' || importedIds.has(n.id)) continue;
      // One row answers whether it models its services; only the others are read whole.
      if ((await store.listLinks(cityId, { networkId: n.id, kind: 'service', limit: 1 })).items.length > 0) continue;
      const links = (await store.listLinks(cityId, { networkId: n.id })).items;
      stored.push({ id: n.id, nodes: (await store.listNodes(cityId, { networkId: n.id })).items, links });
    }
  }
  const nets = [...imported, ...stored];
  if (nets.length === 0) return summary;

  // The buildings to consider: those imported now, and stored ones near an imported network.
  const buildings = new Map(parts.buildings.map((b) => [b.id, b]));
  const importedBox = partsBbox({ nodes: imported.flatMap((n) => n.nodes), links: imported.flatMap((n) => n.links) });
  if (merge && importedBox) {
    const near = await store.listBuildings(cityId, { bbox: grow(importedBox, options.toleranceM) });
    for (const b of near.items) if (!buildings.has(b.id)) buildings.set(b.id, b);
  }
  if (buildings.size === 0 && !options.mappingFile) return summary;
  const changed = new Map<string, Building>();
  const connect = (b: Building, s: ServiceAttributes | null) => changed.set(b.id, withServiceConnection(b, s));

  if (options.mappingFile) {
    const rows = parseServiceConnectionsCsv(fs.readFileSync(options.mappingFile, 'utf8'));
    if (typeof rows === 'string') {
      summary.errors.push(`--service-connections ${options.mappingFile}: ${rows}`);
      return summary;
    }
    const nodeNet = new Map<string, string>();
    for (const n of nets) for (const node of n.nodes) nodeNet.set(node.id, n.id);
    const nodes = new Set<string>();
    for (const r of rows) {
      const b = buildings.get(r.buildingId) ?? (await store.getBuilding(cityId, r.buildingId));
      const net = nodeNet.get(r.nodeId);
      if (!b) summary.errors.push(`--service-connections line ${r.line}: no building "${r.buildingId}"`);
      if (!net) summary.errors.push(`--service-connections line ${r.line}: no water junction "${r.nodeId}"`);
      if (!b || !net) continue;
      connect(b, { serviceNodeId: r.nodeId, serviceNetworkId: net, serviceFrom: 'mapping' });
      nodes.add(r.nodeId);
    }
    summary.lines.push(
      `  service connections: ${changed.size} building(s) connected to ${nodes.size} node(s) from ${options.mappingFile}`,
    );
  } else {
    // A building keeps a connection to a network this import does not replace.
    const waiting = [...buildings.values()].filter((b) => {
      const net = serviceNetworkOf(b);
      return serviceNodeOf(b) === undefined || net === undefined || importedIds.has(net);
    });
    const kept = buildings.size - waiting.length;
    const nodes = nets.flatMap((n) => n.nodes);
    const result = connectToNearestMains(
      waiting,
      nodes,
      nets.flatMap((n) => n.links),
      options.toleranceM,
    );
    const netOf = new Map(nodes.map((n) => [n.id, n.networkId]));
    for (const c of result.connections)
      connect(buildings.get(c.buildingId)!, {
        serviceNodeId: c.nodeId,
        serviceNetworkId: netOf.get(c.nodeId)!,
        serviceFrom: 'nearest-main',
        serviceMainId: c.linkId,
        serviceDistanceM: Math.round(c.distanceM * 10) / 10,
      });
    // A connection to a network now re-imported that no longer reaches is dropped.
    for (const f of result.beyond) {
      const b = buildings.get(f.buildingId)!;
      if (serviceNodeOf(b) !== undefined) connect(b, null);
    }
    const junctions = new Set(result.connections.map((c) => c.nodeId)).size;
    const far = [...result.beyond].sort((a, b) => a.nearestM - b.nearestM);
    const distances = result.connections.map((c) => c.distanceM).sort((a, b) => a - b);
    const median = distances.length > 0 ? distances[Math.floor(distances.length / 2)]! : 0;
    summary.lines.push(
      `  service connections: ${result.connections.length} building(s) connected to ${junctions} junction(s) of ` +
        `${nets.map((n) => n.id).join(', ')} (nearest main within ${options.toleranceM} m${distances.length > 0 ? `, median ${median.toFixed(1)} m` : ''}); ` +
        `${result.beyond.length} beyond ${options.toleranceM} m` +
        (far.length > 0
          ? ` (e.g. ${far
              .slice(0, 3)
              .map(
                (f) => `${f.buildingId} at ${Number.isFinite(f.nearestM) ? `${f.nearestM.toFixed(0)} m` : 'no main'}`,
              )
              .join(', ')})`
          : '') +
        (kept > 0 ? `; ${kept} already connected, kept` : ''),
    );
  }
  // Stored buildings changed here are saved with the import (merge replaces them by id).
  const inParts = new Map(parts.buildings.map((b, i) => [b.id, i]));
  for (const b of changed.values()) {
    const i = inParts.get(b.id);
    if (i !== undefined) parts.buildings[i] = b;
    else parts.buildings.push(b);
  }
  return summary;
}
