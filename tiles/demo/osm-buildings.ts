import Flatbush from 'flatbush';
import { bboxOf, localDistanceM, multiPolygonAreaM2, pointInMultiPolygon } from '../../core/geo/index.js';
import type { Address, Building, LonLat, MultiPolygonCoords } from '../../core/model/index.js';
import { estimateHeightM, estimatePopulation, estimateUse, floorsFromHeight } from './building-estimates.js';
import { unionFootprints } from '../import/building-pieces.js';
import { numberProp, polygonsOf, stringProp, type OsmFeature } from './osm-source.js';

/** Centre and radius of the Lujiazui high-rise core, where unlabelled big footprints are estimated taller. */
const CBD_CORE: { lonLat: LonLat; radiusM: number } = { lonLat: [121.5035, 31.2365], radiusM: 750 };

/** Counts of what the building stage did, for reports and tests. */
export interface BuildingStats {
  readonly features: number;
  readonly pieces: number;
  /** Records whose footprint was united from more than one source piece (tile clipping). */
  readonly merged: number;
  readonly parts: number;
  readonly estimatedHeights: number;
  readonly addressesFromLabels: number;
}

interface Group {
  kind: 'building' | 'building_part';
  osmId: string;
  features: OsmFeature[];
}

/** Record id of a building or part: `osm-b-<id>` / `osm-bp-<id>` (negative OSM ids are relations: `r<id>`). */
export function buildingRecordId(kind: 'building' | 'building_part', osmId: string): string {
  const id = osmId.startsWith('-') ? `r${osmId.slice(1)}` : osmId;
  return `${kind === 'building' ? 'osm-b' : 'osm-bp'}-${id}`;
}

function firstProp(features: readonly OsmFeature[], key: string): string | undefined {
  for (const f of features) {
    const v = stringProp(f, key);
    if (v !== undefined) return v;
  }
  return undefined;
}

function firstNumber(features: readonly OsmFeature[], key: string): number | undefined {
  for (const f of features) {
    const v = numberProp(f, key);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Unites the source pieces of one OSM building (tile edges cut them; some tiles repeat the whole footprint). */
export function uniteFootprints(features: readonly OsmFeature[]): MultiPolygonCoords | null {
  const polys = features.flatMap(polygonsOf).filter((p) => p[0] && p[0].length >= 4);
  if (polys.length === 0) return null;
  // The importers' union (with its fallback for degenerate rings) does the work.
  const united = unionFootprints(polys.map((p) => [p] as MultiPolygonCoords));
  const clean = united.filter((p) => p[0] && p[0].length >= 4) as MultiPolygonCoords;
  return clean.length > 0 ? clean : null;
}

function addressOf(features: readonly OsmFeature[]): Address | undefined {
  const street = firstProp(features, 'addr_street');
  if (!street) return undefined;
  const number = firstProp(features, 'addr_housenumber');
  return number ? { street, number } : { street };
}

/**
 * Buildings from the OSM building layer. Pieces sharing an OSM id are united. `building_part`s stay their own
 * records (`osm-bp-*`, base at `min_height`, `attributes.rootId` naming the root building's record id), because the
 * tiered towers (Shanghai Tower, the Oriental Pearl's spheres, SWFC) only render right as stacked parts; the root
 * keeps the whole footprint, name, address, population and overall height, with `attributes.hasParts` so a 3D
 * writer draws the parts in its place (the Simple 3D Buildings convention). Addresses of label points lying inside a
 * footprint fill buildings that have none. Missing heights are estimated (see building-estimates.ts) and flagged.
 */
export function buildOsmBuildings(
  buildingFeatures: readonly OsmFeature[],
  labels: readonly OsmFeature[],
): { buildings: Building[]; stats: BuildingStats } {
  const groups = new Map<string, Group>();
  let pieces = 0;
  for (const f of buildingFeatures) {
    const kind = stringProp(f, 'kind');
    const osmId = stringProp(f, 'id');
    if ((kind !== 'building' && kind !== 'building_part') || !osmId) continue;
    pieces++;
    const key = `${kind}:${osmId}`;
    const g = groups.get(key);
    if (g) g.features.push(f);
    else groups.set(key, { kind, osmId, features: [f] });
  }
  const rootHasParts = new Map<string, number>();
  for (const g of groups.values()) {
    if (g.kind !== 'building_part') continue;
    const root = firstProp(g.features, 'root_id');
    if (root && groups.has(`building:${root}`)) rootHasParts.set(root, (rootHasParts.get(root) ?? 0) + 1);
  }
  const partMaxHeight = new Map<string, number>();
  for (const g of groups.values()) {
    const root = g.kind === 'building_part' ? firstProp(g.features, 'root_id') : undefined;
    const h = firstNumber(g.features, 'height');
    if (root && h !== undefined) partMaxHeight.set(root, Math.max(partMaxHeight.get(root) ?? 0, h));
  }
  const buildings: Building[] = [];
  let merged = 0,
    estimated = 0,
    parts = 0;
  for (const g of groups.values()) {
    const footprint = uniteFootprints(g.features);
    if (!footprint) continue;
    if (g.features.length > 1) merged++;
    const id = buildingRecordId(g.kind, g.osmId);
    const areaM2 = multiPolygonAreaM2(footprint);
    const rootOsmId = g.kind === 'building_part' ? firstProp(g.features, 'root_id') : undefined;
    const rootId =
      rootOsmId && groups.has(`building:${rootOsmId}`) ? buildingRecordId('building', rootOsmId) : undefined;
    const rootGroup = rootId ? groups.get(`building:${rootOsmId}`) : undefined;
    const kindDetail =
      firstProp(g.features, 'kind_detail') ?? (rootGroup && firstProp(rootGroup.features, 'kind_detail'));
    const landuseKind =
      firstProp(g.features, 'landuse_kind') ?? (rootGroup && firstProp(rootGroup.features, 'landuse_kind'));
    let sourceHeight = firstNumber(g.features, 'height');
    if (g.kind === 'building' && rootHasParts.has(g.osmId)) {
      // The root's overall height is its tallest part when its own tag is lower or missing.
      const pm = partMaxHeight.get(g.osmId);
      if (pm !== undefined && (sourceHeight === undefined || pm > sourceHeight)) sourceHeight = pm;
    }
    const base = Math.max(0, firstNumber(g.features, 'min_height') ?? 0);
    const use = estimateUse({ kindDetail, landuseKind, heightM: sourceHeight });
    const [lon, lat] = footprint[0]![0]![0]!;
    const inCore = localDistanceM(lon, lat, CBD_CORE.lonLat[0], CBD_CORE.lonLat[1]) < CBD_CORE.radiusM;
    const heightEstimated = sourceHeight === undefined || sourceHeight <= base;
    // Parts with no height of their own are estimated like small buildings: in this data they are podiums and
    // annexes, and taking the root's height would raise a 492 m slab over SWFC's whole base.
    let roof = heightEstimated ? base + estimateHeightM(use, areaM2, id, inCore, kindDetail) : sourceHeight!;
    if (heightEstimated) estimated++;
    roof = Math.round(roof * 100) / 100;
    const floors = floorsFromHeight(roof - base);
    const isPart = g.kind === 'building_part';
    if (isPart) parts++;
    const name = firstProp(g.features, 'name:zh') ?? firstProp(g.features, 'name');
    const nameEn = firstProp(g.features, 'name:en');
    const address = addressOf(g.features);
    const attributes: Building['attributes'] = {
      osmId: g.osmId,
      osmKind: g.kind,
      footprintM2: Math.round(areaM2),
      // OSM gives no floors or occupants here: both are estimates (floors from height, people from floor area).
      floorsEstimated: true,
      populationEstimated: true,
    };
    if (kindDetail) attributes.kindDetail = kindDetail;
    if (landuseKind) attributes.landuseKind = landuseKind;
    const roofShape = firstProp(g.features, 'roof_shape');
    if (roofShape) attributes.roofShape = roofShape;
    if (rootId) attributes.rootId = rootId;
    if (rootHasParts.has(g.osmId) && !isPart) {
      attributes.hasParts = true;
      attributes.partCount = rootHasParts.get(g.osmId)!;
    }
    buildings.push({
      id,
      footprint,
      baseHeightM: base,
      roofHeightM: roof,
      heightEstimated,
      floors,
      use,
      ...(name ? { name } : {}),
      ...(nameEn ? { nameEn } : {}),
      ...(address ? { address } : {}),
      // Occupants live in the root building; its parts would count them twice.
      population: isPart && rootId ? 0 : estimatePopulation(use, areaM2, floors),
      gridId: null,
      provenance: {
        source: 'openstreetmap',
        sourceId: `${g.kind === 'building' ? 'way' : 'part'}/${g.osmId}`,
        synthetic: false,
      },
      attributes,
    });
  }
  buildings.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const addressesFromLabels = attachLabelAddresses(buildings, labels);
  return {
    buildings,
    stats: {
      features: buildingFeatures.length,
      pieces,
      merged,
      parts,
      estimatedHeights: estimated,
      addressesFromLabels,
    },
  };
}

/** Gives buildings without an address (and without a name) those of label points inside their footprint. */
function attachLabelAddresses(buildings: Building[], labels: readonly OsmFeature[]): number {
  const roots = buildings.filter((b) => b.attributes.osmKind === 'building');
  if (roots.length === 0) return 0;
  const index = new Flatbush(roots.length);
  for (const b of roots) {
    const box = bboxOf(b.footprint);
    index.add(box[0], box[1], box[2], box[3]);
  }
  index.finish();
  let attached = 0;
  for (const f of labels) {
    if (f.geometry.type !== 'Point') continue;
    const [lon, lat] = f.geometry.coordinates as [number, number];
    const street = stringProp(f, 'addr_street');
    const name = stringProp(f, 'name:zh') ?? stringProp(f, 'name');
    if (!street && !name) continue;
    for (const i of index.search(lon, lat, lon, lat).sort((a, b) => a - b)) {
      const b = roots[i]!;
      if (!pointInMultiPolygon(lon, lat, b.footprint)) continue;
      if (street && !b.address) {
        const number = stringProp(f, 'addr_housenumber');
        b.address = number ? { street, number } : { street };
        attached++;
      }
      if (name && !b.name) b.name = name;
      const nameEn = stringProp(f, 'name:en');
      if (nameEn && !b.nameEn) b.nameEn = nameEn;
      break;
    }
  }
  return attached;
}
