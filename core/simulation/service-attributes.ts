import type { Building } from '../model/index.js';

/**
 * A building's service connection to a network node, kept in its attributes (scalars, as the model's attributes are)
 * by the importers that infer one (nearest main, or a mapping file). The demo city and pipe GIS carry theirs as
 * service nodes and links with `attributes.buildingId` instead.
 */
export interface ServiceAttributes {
  /** The node (an EPANET junction) that feeds the building. */
  serviceNodeId: string;
  /** The network of that node. */
  serviceNetworkId: string;
  /** How the connection was found: the nearest main within a tolerance, or a mapping file. */
  serviceFrom: 'nearest-main' | 'mapping';
  /** Nearest main: its link id and the distance from the building's centroid, m. */
  serviceMainId?: string;
  serviceDistanceM?: number;
}

const KEYS = ['serviceNodeId', 'serviceNetworkId', 'serviceFrom', 'serviceMainId', 'serviceDistanceM'] as const;

/** The building's service node id, if an importer connected it. */
export function serviceNodeOf(b: Building): string | undefined {
  const id = b.attributes.serviceNodeId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** The network of the building's service node, if any. */
export function serviceNetworkOf(b: Building): string | undefined {
  const id = b.attributes.serviceNetworkId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** A copy of the building connected as `s` says (a previous connection replaced), or disconnected when `s` is null. */
export function withServiceConnection(b: Building, s: ServiceAttributes | null): Building {
  const attributes = { ...b.attributes };
  for (const k of KEYS) delete attributes[k];
  if (s) Object.assign(attributes, s);
  return { ...b, attributes };
}
