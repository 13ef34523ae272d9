import type { Bbox, Crew, Grid, GridLevel } from '../../core/model/index.js';
import { multiPolygonAreaM2 } from '../../core/geo/index.js';
import { pointOnSurface } from '../../core/grid/index.js';
import { partitionDistricts, type DistrictBoundaryLine } from './grids/district-partition.js';
import { splitRegion, type RoadSegment, type SplitOptions } from './grids/split-region.js';
import { nodeTiling } from './grids/node-tiling.js';
import { PlanarFrame, planeArea, planeBbox, type PlaneMultiPolygon, type Xy } from './grids/planar.js';
import { DemoNamer, districtInfo } from './grids/grid-names.js';
import { assignDistrictCrews } from './grids/demo-crews.js';

/** A GeoJSON line feature as the OSM sources carry it (other geometry types are ignored). */
export interface LineFeature {
  geometry: { type: string; coordinates: unknown } | null;
  properties?: Record<string, unknown> | null;
}

/** Sizes of the generated hierarchy; the defaults give cells about 300 m across. */
export interface DemoGridSizes {
  /** Target cell area, m². @default 90_000 (300 m x 300 m) */
  cellAreaM2?: number;
  /** Target community (社区) area, m². @default 450_000 (about five cells) */
  communityAreaM2?: number;
  /** Target street (街道) area, m². @default 1_500_000 */
  streetAreaM2?: number;
}

/** Input of {@link generateDemoGrids}. */
export interface DemoGridInput {
  /** The area to tile, WGS84 degrees. */
  bbox: Bbox;
  /** Road lines with OSM/Tilezen `kind` and `kind_detail` (major roads become preferred boundaries). */
  roads: readonly LineFeature[];
  /** District boundary lines with `name:left` / `name:right` (as Tilezen writes them); absent: one district. */
  districtLines?: readonly LineFeature[];
  /** District name used when there are no boundary lines. @default '浦东新区' */
  defaultDistrict?: string;
  seed: number;
  sizes?: DemoGridSizes;
}

/** The generated grids (every level, parents before children) and the utility crews they name. */
export interface DemoGrids {
  grids: Grid[];
  crews: Crew[];
}

/** Weights of road kinds as cell boundaries; kinds not listed (service roads, paths, rail) are not followed. */
const ROAD_WEIGHTS: Record<string, number> = {
  trunk: 3,
  primary: 3,
  secondary: 2,
  tertiary: 1.5,
  trunk_link: 0.5,
  primary_link: 0.5,
  secondary_link: 0.5,
  tertiary_link: 0.5,
  residential: 0.6,
  unclassified: 0.6,
  living_street: 0.4,
};

interface PieceNode {
  level: GridLevel;
  polygon: PlaneMultiPolygon;
  children: PieceNode[];
}

/**
 * Generates the demo city's management grids (网格): districts > streets (街道) > communities (社区) > cells, tiling
 * the whole bbox with no gaps and no overlaps, each level tiling its parent exactly.
 *
 * How: the bbox is cut into districts along the OSM district boundary lines (extended to the bbox where they stop
 * short; the Huangpu river line puts Pudong on the east bank, Huangpu and Hongkou on the west), then each district
 * is split top-down into streets, each street into communities, each community into cells, by straight cuts that
 * follow major roads where one crosses at a fitting place (see `splitRegion`). Finally the shared boundaries are made
 * bit-identical (`nodeTiling`), so point lookups on an edge find exactly one cell. Water (the river) is tiled too.
 *
 * Names and codes: real district codes and names (310115 浦东新区, 310101 黄浦区, ...), real subdistrict names,
 * community names in the local style, cells `梅园社区第3网格` with code `310115-001-003-012`. Workers and phone
 * numbers (`1380000xxxx`) are fictional, drawn from `seed`. Same input, same output.
 */
export function generateDemoGrids(input: DemoGridInput): DemoGrids {
  const { bbox } = input;
  if (!(bbox[2] > bbox[0] && bbox[3] > bbox[1])) throw new RangeError(`bbox is empty: ${bbox.join(',')}`);
  const cellArea = input.sizes?.cellAreaM2 ?? 90_000;
  const communityArea = input.sizes?.communityAreaM2 ?? 450_000;
  const streetArea = input.sizes?.streetAreaM2 ?? 1_500_000;
  const frame = new PlanarFrame(bbox);
  const box: Xy[] = [
    [bbox[0], bbox[1]],
    [bbox[2], bbox[1]],
    [bbox[2], bbox[3]],
    [bbox[0], bbox[3]],
    [bbox[0], bbox[1]],
  ].map((p) => frame.toXy(p));
  const roads = roadSegments(input.roads, frame);
  const { lines, englishNames } = boundaryLines(input.districtLines ?? [], frame);
  const districts =
    lines.length > 0
      ? partitionDistricts(box, lines)
      : [
          {
            name: input.defaultDistrict ?? '浦东新区',
            polygon: [[box]] as PlaneMultiPolygon,
            areaM2: planeArea([[box]]),
          },
        ];

  const options = (target: number): SplitOptions => ({
    targetAreaM2: target,
    maxLengthM: 2.2 * Math.sqrt(target),
    minAreaM2: 0.35 * target,
    roads,
  });
  const split = (
    polygon: PlaneMultiPolygon,
    target: number,
    level: GridLevel,
    below?: (p: PlaneMultiPolygon) => PieceNode[],
  ): PieceNode[] =>
    orderPieces(splitRegion(polygon, options(target)), Math.sqrt(target)).map((p) => ({
      level,
      polygon: p,
      children: below ? below(p) : [],
    }));
  const trees = districts.map((d, ordinal) => ({
    info: districtInfo(d.name, englishNames.get(d.name), ordinal),
    node: {
      level: 'district' as const,
      polygon: d.polygon,
      children: split(d.polygon, streetArea, 'street', (s) =>
        split(s, communityArea, 'community', (c) => split(c, cellArea, 'cell')),
      ),
    },
  }));

  // Node every level together, so parents share the vertices their children put on their edges.
  const all: PieceNode[] = [];
  const collect = (n: PieceNode): void => {
    all.push(n);
    n.children.forEach(collect);
  };
  trees.forEach((t) => collect(t.node));
  nodeTiling(all.map((n) => n.polygon)).forEach((p, i) => (all[i]!.polygon = p));

  const namer = new DemoNamer(input.seed);
  const grids: Grid[] = [];
  const crews: Crew[] = [];
  // Districts in code order, so 310101 comes before 310115 whatever the boundary lines' order.
  trees.sort((a, b) => (a.info.code < b.info.code ? -1 : a.info.code > b.info.code ? 1 : 0));
  trees.forEach(({ node, info }) => {
    const cells: Grid[] = [];
    const districtGrid = toGrid(node, frame, { code: info.code, name: info.name, nameEn: info.nameEn, parentId: null });
    grids.push(districtGrid);
    node.children.forEach((streetNode, si) => {
      const [sName, sEn] = info.streets[si] ?? [`${info.short}第${si + 1}街道`, `${info.nameEn} Subdistrict ${si + 1}`];
      const street = toGrid(streetNode, frame, {
        code: `${info.code}-${pad3(si + 1)}`,
        name: sName,
        nameEn: sEn,
        parentId: districtGrid.id,
      });
      grids.push(street);
      streetNode.children.forEach((communityNode, ci) => {
        const [cName, cEn] = namer.nextCommunity(info.name);
        const community = toGrid(communityNode, frame, {
          code: `${street.code}-${pad3(ci + 1)}`,
          name: `${cName}社区`,
          nameEn: `${cEn} Community`,
          parentId: street.id,
        });
        grids.push(community);
        communityNode.children.forEach((cellNode, k) => {
          const cell = toGrid(cellNode, frame, {
            code: `${community.code}-${pad3(k + 1)}`,
            name: `${cName}社区第${k + 1}网格`,
            nameEn: `${cEn} Community Grid ${k + 1}`,
            parentId: community.id,
          });
          cell.worker = { ...namer.person(), phone: namer.phone() };
          cells.push(cell);
          grids.push(cell);
        });
      });
    });
    crews.push(...assignDistrictCrews(info, districtGrid.areaM2, cells, namer));
  });
  return { grids, crews };
}

function pad3(n: number): string {
  return String(n).padStart(3, '0');
}

function toGrid(
  node: PieceNode,
  frame: PlanarFrame,
  naming: { code: string; name: string; nameEn: string; parentId: string | null },
): Grid {
  const polygon = frame.multiPolygonToLonLat(node.polygon);
  return {
    id: `grid-${naming.code}`,
    level: node.level,
    code: naming.code,
    name: naming.name,
    nameEn: naming.nameEn,
    parentId: naming.parentId,
    polygon,
    labelPosition: pointOnSurface(polygon),
    areaM2: multiPolygonAreaM2(polygon),
    crewIds: [],
  };
}

/** Orders sibling pieces for numbering: rows of height `bandM` from north to south, west to east within a row. */
function orderPieces(pieces: PlaneMultiPolygon[], bandM: number): PlaneMultiPolygon[] {
  const keyed = pieces.map((p) => {
    const [x0, y0, x1, y1] = planeBbox(p);
    return { p, row: -Math.floor((y0 + y1) / 2 / bandM), x: (x0 + x1) / 2 };
  });
  return keyed.sort((a, b) => a.row - b.row || a.x - b.x).map((k) => k.p);
}

/** Road pieces in planar metres with their weights as boundaries. */
function roadSegments(features: readonly LineFeature[], frame: PlanarFrame): RoadSegment[] {
  const out: RoadSegment[] = [];
  for (const f of features) {
    const detail = String(f.properties?.['kind_detail'] ?? '');
    const weight = ROAD_WEIGHTS[detail];
    if (weight === undefined) continue;
    for (const line of lineStrings(f)) {
      for (let i = 1; i < line.length; i++) out.push({ a: frame.toXy(line[i - 1]!), b: frame.toXy(line[i]!), weight });
    }
  }
  return out;
}

/** District boundary lines with their left and right district names, and the districts' English names. */
function boundaryLines(
  features: readonly LineFeature[],
  frame: PlanarFrame,
): { lines: DistrictBoundaryLine[]; englishNames: Map<string, string> } {
  const lines: DistrictBoundaryLine[] = [];
  const englishNames = new Map<string, string>();
  for (const f of features) {
    const p = f.properties ?? {};
    const left = p['name:left'],
      right = p['name:right'];
    if (typeof left !== 'string' || typeof right !== 'string') continue;
    if (typeof p['name:left:en'] === 'string') englishNames.set(left, p['name:left:en']);
    if (typeof p['name:right:en'] === 'string') englishNames.set(right, p['name:right:en']);
    for (const line of lineStrings(f))
      if (line.length >= 2) lines.push({ points: line.map((q) => frame.toXy(q)), left, right });
  }
  return { lines, englishNames };
}

function lineStrings(f: LineFeature): number[][][] {
  const g = f.geometry;
  if (!g) return [];
  if (g.type === 'LineString') return [g.coordinates as number[][]];
  if (g.type === 'MultiLineString') return g.coordinates as number[][][];
  return [];
}
