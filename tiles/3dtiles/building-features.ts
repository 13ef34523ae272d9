import { extrudePolygon, addBox, type FlatPolygon, type MeshBuffer } from '../../core/geometry/index.js';
import type { EnuFrame } from '../../core/geo/index.js';
import type { Building } from '../../core/model/index.js';
import type { BuildingRow } from './metadata-classes.js';
import { BUILDING_CLASS } from './metadata-classes.js';
import type { PropertyTableBuilder } from './property-table.js';
import type { TileContentStrategy } from './tile-content-strategy.js';

/** A building ready for tiling: footprint in ENU metres, heights in the tile frame (local ground at 0). */
export interface BuildingFeature {
  id: string;
  polygons: FlatPolygon[];
  baseUp: number;
  topUp: number;
  /** Footprint centroid (mean of outer-ring vertices), ENU metres; decides the tile. */
  centroidE: number;
  centroidN: number;
  areaM2: number;
  row: BuildingRow;
}

/**
 * Converts a building to ENU. Heights: the tiles put the city's local ground at ellipsoid height 0 (ADR 0002), so a
 * building spans `baseHeightM`..`roofHeightM` whatever the city's `groundElevationM`. Returns null for a footprint
 * with no area or a roof not above its base.
 */
export function toBuildingFeature(b: Building, frame: EnuFrame): BuildingFeature | null {
  const enu: [number, number, number] = [0, 0, 0];
  const polygons: Float64Array[][] = [];
  let sumE = 0,
    sumN = 0,
    count = 0,
    area = 0;
  for (const polygon of b.footprint) {
    const rings: Float64Array[] = [];
    for (const ring of polygon) {
      const flat = new Float64Array(ring.length * 2);
      ring.forEach(([lon, lat], i) => {
        frame.toEnu(lon, lat, 0, enu);
        flat[i * 2] = enu[0];
        flat[i * 2 + 1] = enu[1];
      });
      rings.push(flat);
    }
    const outer = rings[0];
    if (!outer) continue;
    for (let i = 0; i < outer.length; i += 2) {
      sumE += outer[i]!;
      sumN += outer[i + 1]!;
      count++;
    }
    area += Math.abs(signedArea(outer)) - rings.slice(1).reduce((s, h) => s + Math.abs(signedArea(h)), 0);
    polygons.push(rings);
  }
  if (count === 0 || !(area > 0) || !(b.roofHeightM > b.baseHeightM)) return null;
  const address = b.address ? `${b.address.street}${b.address.number ? ` ${b.address.number}` : ''}` : undefined;
  return {
    id: b.id,
    polygons,
    baseUp: b.baseHeightM,
    topUp: b.roofHeightM,
    centroidE: sumE / count,
    centroidN: sumN / count,
    areaM2: area,
    row: [
      b.id,
      'building',
      b.name,
      address,
      b.use,
      b.roofHeightM,
      b.baseHeightM,
      b.floors,
      b.population,
      b.gridId ?? undefined,
      1,
    ],
  };
}

function signedArea(ring: Float64Array): number {
  let sum = 0;
  const n = ring.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++)
    sum += (ring[j * 2]! - ring[i * 2]!) * (ring[j * 2 + 1]! + ring[i * 2 + 1]!);
  return sum / 2;
}

/** One merged block of a coarse level: buildings binned by grid cell. */
export interface BuildingBlock {
  key: string;
  minE: number;
  minN: number;
  maxE: number;
  maxN: number;
  /** Summed footprint area, m², and area-weighted roof height sum. */
  area: number;
  areaHeight: number;
  count: number;
  tallestId: string;
  tallestTop: number;
}

/** Coarse levels bin buildings into about 32 x 32 blocks per tile (boxes of the built area at mean height). */
const BLOCKS_PER_SIDE = 32;

/**
 * The buildings strategy: leaves hold extruded footprints with holes and flat roofs; parents hold one box per occupied
 * block cell (cell = tile edge / 32), sized to the block's built area and as tall as its area-weighted mean roof,
 * carrying the id of the block's tallest building. The whole city's massing shows at every level.
 */
export const BUILDINGS_STRATEGY: TileContentStrategy<BuildingFeature, BuildingBlock[]> = {
  metadataClass: BUILDING_CLASS,
  baseColor: [0.78, 0.76, 0.72, 1],
  withColors: false,
  maxFeaturesPerTile: 1000,
  writeFull(f: BuildingFeature, mesh: MeshBuffer, table: PropertyTableBuilder): void {
    const fid = table.addRow(f.row);
    for (const polygon of f.polygons) extrudePolygon(mesh, polygon, f.baseUp, f.topUp, fid);
  },
  summarize(features: readonly BuildingFeature[]): BuildingBlock[] {
    return features.map((f) => {
      let minE = Infinity,
        minN = Infinity,
        maxE = -Infinity,
        maxN = -Infinity;
      for (const polygon of f.polygons) {
        const outer = polygon[0]!;
        for (let i = 0; i < outer.length; i += 2) {
          minE = Math.min(minE, outer[i]!);
          maxE = Math.max(maxE, outer[i]!);
          minN = Math.min(minN, outer[i + 1]!);
          maxN = Math.max(maxN, outer[i + 1]!);
        }
      }
      return {
        key: '',
        minE,
        minN,
        maxE,
        maxN,
        area: f.areaM2,
        areaHeight: f.areaM2 * f.topUp,
        count: 1,
        tallestId: f.id,
        tallestTop: f.topUp,
      };
    });
  },
  merge(parts: readonly BuildingBlock[][], cellSizeM: number): BuildingBlock[] {
    const cell = cellSizeM / BLOCKS_PER_SIDE;
    const bins = new Map<string, BuildingBlock>();
    for (const part of parts) {
      for (const b of part) {
        const key = `${Math.floor((b.minE + b.maxE) / 2 / cell)},${Math.floor((b.minN + b.maxN) / 2 / cell)}`;
        const into = bins.get(key);
        if (!into) {
          bins.set(key, { ...b, key });
          continue;
        }
        into.minE = Math.min(into.minE, b.minE);
        into.minN = Math.min(into.minN, b.minN);
        into.maxE = Math.max(into.maxE, b.maxE);
        into.maxN = Math.max(into.maxN, b.maxN);
        into.area += b.area;
        into.areaHeight += b.areaHeight;
        into.count += b.count;
        if (b.tallestTop > into.tallestTop) {
          into.tallestTop = b.tallestTop;
          into.tallestId = b.tallestId;
        }
      }
    }
    return [...bins.values()];
  },
  writeCoarse(blocks: BuildingBlock[], mesh: MeshBuffer, table: PropertyTableBuilder): void {
    for (const b of blocks) {
      const height = b.areaHeight / b.area;
      const fid = table.addRow([
        b.tallestId,
        'block',
        undefined,
        undefined,
        'mixed',
        height,
        0,
        undefined,
        0,
        undefined,
        b.count,
      ] satisfies BuildingRow);
      // Shrink the block's bounding rectangle to its built area, so streets between buildings stay visible.
      const w = b.maxE - b.minE,
        d = b.maxN - b.minN;
      const s = Math.sqrt(Math.min(1, b.area / Math.max(w * d, 1e-6)));
      const ce = (b.minE + b.maxE) / 2,
        cn = (b.minN + b.maxN) / 2;
      addBox(mesh, ce - (w * s) / 2, cn - (d * s) / 2, 0, ce + (w * s) / 2, cn + (d * s) / 2, height, fid, false);
    }
  },
};
