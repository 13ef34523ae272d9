import type { z } from 'zod';
import {
  BuildingSchema,
  CrewSchema,
  GridSchema,
  NetworkLinkSchema,
  NetworkNodeSchema,
  NetworkSchema,
  SensorSchema,
  type Bbox,
  type Building,
  type Crew,
  type Grid,
  type LonLat,
  type Network,
  type NetworkLink,
  type NetworkNode,
  type Sensor,
} from '../core/model/index.js';
import { bboxOf, ringCentroid } from '../core/geo/index.js';
import { addressSearchKey, formatAddress, namesSearchKey, normalizeSearchText } from './search-text.js';

/** SQL type of a column, used to cast each placeholder so both engines bind parameters the same way. */
export type ColumnType = 'text' | 'float8' | 'jsonb';

export interface Column {
  name: string;
  type: ColumnType;
}

/**
 * How one kind of record maps to its table: the columns after `city_id` (id first, `data` last) and the values of
 * one record in that order. `schema` validates records on the way in and out.
 */
export interface TableSpec<T> {
  table: string;
  /** What a record is called in messages ("building"). */
  noun: string;
  columns: readonly Column[];
  schema: z.ZodType<T>;
  toRow(record: T): unknown[];
}

const text = (name: string): Column => ({ name, type: 'text' });
const float = (name: string): Column => ({ name, type: 'float8' });
const DATA: Column = { name: 'data', type: 'jsonb' };

/** Columns shared by every spatial table: id, grid, extent, representative point, label, names. */
const FEATURE: readonly Column[] = [
  text('id'),
  text('grid_id'),
  float('min_lon'),
  float('min_lat'),
  float('max_lon'),
  float('max_lat'),
  float('lon'),
  float('lat'),
  text('label'),
  text('search_names'),
];

function featureValues(
  id: string,
  gridId: string | null,
  bbox: Bbox,
  point: LonLat,
  label: string,
  names: string,
): unknown[] {
  return [id, gridId, bbox[0], bbox[1], bbox[2], bbox[3], point[0], point[1], label, names];
}

function midpoint(path: readonly LonLat[]): LonLat {
  // The middle vertex (or the middle of the middle segment) stays on the line, unlike the bbox centre of a bend.
  const i = (path.length - 1) / 2;
  const a = path[Math.floor(i)]!,
    b = path[Math.ceil(i)]!;
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}

export const BUILDINGS: TableSpec<Building> = {
  table: 'buildings',
  noun: 'building',
  columns: [...FEATURE, text('search_address'), DATA],
  schema: BuildingSchema,
  toRow: (b) => [
    ...featureValues(
      b.id,
      b.gridId,
      bboxOf(b.footprint),
      ringCentroid(b.footprint[0]![0]!),
      b.name ?? (b.address ? formatAddress(b.address) : b.id),
      namesSearchKey(b.name, b.nameEn),
    ),
    addressSearchKey(b.address),
    b,
  ],
};

export const NODES: TableSpec<NetworkNode> = {
  table: 'nodes',
  noun: 'node',
  columns: [...FEATURE, text('network_id'), text('utility'), text('kind'), DATA],
  schema: NetworkNodeSchema,
  toRow: (n) => [
    ...featureValues(
      n.id,
      n.gridId,
      [n.position[0], n.position[1], n.position[0], n.position[1]],
      n.position,
      n.name ?? `${n.utility} ${n.kind} ${n.id}`,
      namesSearchKey(n.name),
    ),
    n.networkId,
    n.utility,
    n.kind,
    n,
  ],
};

export const LINKS: TableSpec<NetworkLink> = {
  table: 'links',
  noun: 'link',
  columns: [
    ...FEATURE,
    text('network_id'),
    text('utility'),
    text('kind'),
    text('from_node_id'),
    text('to_node_id'),
    DATA,
  ],
  schema: NetworkLinkSchema,
  toRow: (l) => [
    ...featureValues(
      l.id,
      l.gridId,
      bboxOf(l.path),
      midpoint(l.path),
      l.name ?? `${l.utility} ${l.kind} ${l.id}`,
      namesSearchKey(l.name),
    ),
    l.networkId,
    l.utility,
    l.kind,
    l.fromNodeId,
    l.toNodeId,
    l,
  ],
};

export const SENSORS: TableSpec<Sensor> = {
  table: 'sensors',
  noun: 'sensor',
  columns: [...FEATURE, text('kind'), text('utility'), DATA],
  schema: SensorSchema,
  toRow: (s) => [
    ...featureValues(
      s.id,
      s.gridId,
      [s.position[0], s.position[1], s.position[0], s.position[1]],
      s.position,
      s.name ?? `${s.kind} sensor ${s.id}`,
      namesSearchKey(s.name),
    ),
    s.kind,
    s.utility ?? null,
    s,
  ],
};

export const GRIDS: TableSpec<Grid> = {
  table: 'grids',
  noun: 'grid',
  columns: [...FEATURE, text('level'), text('parent_id'), text('search_code'), DATA],
  schema: GridSchema,
  toRow: (g) => [
    ...featureValues(
      g.id,
      null,
      bboxOf(g.polygon),
      g.labelPosition,
      `${g.name} (${g.code})`,
      namesSearchKey(g.name, g.nameEn),
    ),
    g.level,
    g.parentId,
    normalizeSearchText(g.code),
    g,
  ],
};

export const NETWORKS: TableSpec<Network> = {
  table: 'networks',
  noun: 'network',
  columns: [text('id'), text('utility'), DATA],
  schema: NetworkSchema,
  toRow: (n) => [n.id, n.utility, n],
};

export const CREWS: TableSpec<Crew> = {
  table: 'crews',
  noun: 'crew',
  columns: [text('id'), text('utility'), DATA],
  schema: CrewSchema,
  toRow: (c) => [c.id, c.utility, c],
};
