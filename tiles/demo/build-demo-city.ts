import { EnuFrame, bboxOf } from '../../core/geo/index.js';
import { assignGridIds, GridLocator } from '../../core/grid/index.js';
import {
  CityBundleSchema,
  type Bbox,
  type CityBundle,
  type LonLat,
  type NetworkLink,
  type NetworkNode,
  type Network,
} from '../../core/model/index.js';
import { auditClearances, DEFAULT_CLEARANCE_TABLE } from '../../core/excavation/index.js';
import { SeededRandom } from '../../core/random/index.js';
import { BuriedCrossings } from './buried-crossings.js';
import { repairClearances } from './clearance-repair.js';
import { buildSites, type DemoContext } from './demo-context.js';
import { generateDemoGrids } from './demo-grids.js';
import { buildDemoSensors } from './demo-sensors.js';
import { buildDuctNetwork } from './duct-network.js';
import { buildGasNetwork } from './gas-network.js';
import { GRAVITY_UTILITIES, MIN_SLOPE, SLOPE_SPREAD } from './gravity-design.js';
import { buildGravityNetwork } from './gravity-network.js';
import { buildHeatNetwork } from './heat-network.js';
import { buildOsmBuildings } from './osm-buildings.js';
import { readOsmSources } from './osm-source.js';
import { riverOutlines } from './river-outlines.js';
import { buildRoadGraph } from './road-graph.js';
import { nameAssetsByRoad } from './road-names.js';
import { applyLandmarks } from './landmarks.js';
import { UtilityLayout } from './utility-layout.js';
import { buildWaterNetwork } from './water-network.js';

/** The demo city's id. */
export const DEMO_CITY_ID = 'shanghai-lujiazui';
/** Shanghai keeps China Standard Time (UTC+8, no daylight saving). */
export const DEMO_TIME_ZONE = 'Asia/Shanghai';
/** Ground elevation of the demo city above the Wusong datum, m (Lujiazui and the Bund are flat at about 3-5 m). */
export const DEMO_GROUND_ELEVATION_M = 4;

/** Options of {@link buildDemoCity}. */
export interface BuildDemoCityOptions {
  /** Folder holding the `shanghai-*.geojson` OSM sources. */
  sourceDir: string;
  /** Seed of everything synthetic (networks, grids, sensors); the same seed gives the same bundle. */
  seed: number;
  /** Build time, epoch ms (stored as the city's `createdAt`). */
  now: number;
  /** Called as stages progress. */
  onProgress?: (stage: string, done: number, total: number) => void;
}

const STAGES = [
  'read',
  'buildings',
  'roads',
  'water',
  'gas',
  'power',
  'telecom',
  'heat',
  'storm',
  'sewer',
  'sensors',
  'grids',
  'validate',
];

/**
 * Builds the demo city, Lujiazui and the Bund: real OpenStreetMap buildings (pieces merged, parts kept, heights
 * estimated where missing), and synthetic underground networks of all seven utilities on the real roads, sensors
 * on them, and management grids with crews, all from `seed`. The result is validated by CityBundleSchema.
 */
export async function buildDemoCity(options: BuildDemoCityOptions): Promise<CityBundle> {
  const { seed } = options;
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  let step = 0;
  const progress = (stage: string): void => options.onProgress?.(stage, ++step, STAGES.length);
  const src = await readOsmSources(options.sourceDir);
  progress('read');
  const { buildings } = buildOsmBuildings(src.buildings, src.labels);
  applyLandmarks(buildings);
  progress('buildings');
  const sourceBox = bboxOf(buildings.map((b) => b.footprint).flat());
  const frame = new EnuFrame(round6((sourceBox[0] + sourceBox[2]) / 2), round6((sourceBox[1] + sourceBox[3]) / 2));
  const roads = buildRoadGraph(src.roads, frame);
  progress('roads');
  const ctx: DemoContext = {
    frame,
    roads,
    layout: new UtilityLayout(roads),
    groundM: DEMO_GROUND_ELEVATION_M,
    seed,
    random: new SeededRandom(seed),
    sites: buildSites(buildings, roads, frame),
    rivers: riverOutlines(src.water, frame),
  };
  const id = (u: string): string => `${DEMO_CITY_ID}-${u}`;
  // The pressure and cable networks first (in their depth bands), then storm under them and sewer under all.
  const water = buildWaterNetwork(ctx, id('water'));
  progress('water');
  const gas = buildGasNetwork(ctx, id('gas'));
  progress('gas');
  const power = buildDuctNetwork(ctx, 'power', id('power'));
  progress('power');
  const telecom = buildDuctNetwork(ctx, 'telecom', id('telecom'));
  progress('telecom');
  const heat = buildHeatNetwork(ctx, id('heat'));
  progress('heat');
  const pressure = [water, gas, power, telecom, heat].flatMap((p) => p.links);
  const regulatorNodes = gasRegulatorRoadNodes(gas);
  const storm = buildGravityNetwork(
    ctx,
    'storm',
    id('storm'),
    new BuriedCrossings(pressure, frame, ctx.groundM),
    regulatorNodes,
  );
  progress('storm');
  const sewer = buildGravityNetwork(
    ctx,
    'sewer',
    id('sewer'),
    new BuriedCrossings([...pressure, ...storm.links], frame, ctx.groundM),
    regulatorNodes,
  );
  progress('sewer');
  const parts = [water, sewer, storm, gas, power, telecom, heat];
  const networks: Network[] = parts.map((p) => p.network);
  repairDemoClearances(parts, ctx.groundM, [frame.originLonDeg, frame.originLatDeg]);
  const nodes: NetworkNode[] = parts.flatMap((p) => p.nodes);
  const links: NetworkLink[] = parts.flatMap((p) => p.links);
  nameAssetsByRoad(roads, frame, nodes, links);
  const box = cityBbox(sourceBox, nodes);
  const rainSites: [number, number][] = [
    [0.3, 0.35],
    [0.7, 0.65],
    [0.5, 0.15],
  ].map(([fx, fy]) => [round6(box[0] + (box[2] - box[0]) * fx!), round6(box[1] + (box[3] - box[1]) * fy!)]);
  const sensors = buildDemoSensors({ water, sewer, storm, gas, rainSites }, ctx.random.fork('sensors'));
  progress('sensors');
  const { grids, crews } = generateDemoGrids({ bbox: box, roads: src.roads, districtLines: src.districtLines, seed });
  assignGridIds({ buildings, nodes, links, sensors }, new GridLocator(grids));
  progress('grids');
  const bundle = CityBundleSchema.parse({
    city: {
      id: DEMO_CITY_ID,
      name: '陆家嘴-外滩',
      nameEn: 'Lujiazui - the Bund',
      timeZone: DEMO_TIME_ZONE,
      center: [frame.originLonDeg, frame.originLatDeg],
      bbox: box,
      groundElevationM: DEMO_GROUND_ELEVATION_M,
      attribution: [
        'Buildings and roads: © OpenStreetMap contributors, ODbL 1.0 (https://opendatacommons.org/licenses/odbl/1-0/)',
        `Underground networks, grids and sensors: synthetic (GridTwin demo generator, seed ${seed})`,
      ],
      seed,
      createdAt: Math.round(options.now),
    },
    buildings,
    networks,
    nodes,
    links,
    sensors,
    grids,
    crews,
  });
  progress('validate');
  return bundle;
}

/**
 * Offsets the runs still within a horizontal clearance of another network's run (at awkward junctions, and the
 * feeds, outlets and outfalls that leave the roads): services, feeds and outfalls move first, then pressure mains
 * and cable banks, gravity mains last and only while their slopes stay in the design range (gravity-design.ts).
 */
function repairDemoClearances(
  parts: readonly { nodes: NetworkNode[]; links: NetworkLink[] }[],
  groundM: number,
  origin: LonLat,
): void {
  const table = DEFAULT_CLEARANCE_TABLE;
  const nodes = parts.flatMap((p) => p.nodes),
    links = parts.flatMap((p) => p.links);
  const findings = auditClearances(nodes, links, groundM, table, origin);
  if (findings.length === 0) return;
  const repaired = repairClearances(nodes, links, findings, groundM, table, origin, {
    moveRank: (l) => {
      const offRoad =
        l.kind === 'service' || typeof l.attributes['roadSegment'] !== 'number' || l.attributes['roadSegment'] < 0;
      return offRoad ? 0 : GRAVITY_UTILITIES.has(l.utility) ? 2 : 1;
    },
    acceptsLength: (l, lengthM) => {
      const min = MIN_SLOPE[l.diameterMm];
      if (!GRAVITY_UTILITIES.has(l.utility) || min === undefined || l.attributes['role'] === 'inlet-lead') return true;
      // Its ends keep their inverts: a longer run falls flatter, a shorter one steeper; both stay in the design range.
      const slope = (l.fromInvertM - l.toInvertM) / lengthM;
      return slope >= min && slope <= min * SLOPE_SPREAD;
    },
    // Fittings along a run (valves, tees, chambers) and manholes (one may stand a little off its lanes' corner),
    // not the pressure lanes' road junctions nor the ends at buildings, stations and outfalls.
    movesNode: (n) =>
      MOVABLE_NODE_KINDS.has(n.kind) && (n.attributes['roadNode'] === undefined || n.kind === 'manhole'),
  });
  // Sensors are placed on the networks' parts after this: they see the moved runs too.
  const nodeById = new Map(repaired.nodes.map((n) => [n.id, n]));
  const linkById = new Map(repaired.links.map((l) => [l.id, l]));
  for (const p of parts) {
    p.nodes.forEach((n, k) => (p.nodes[k] = nodeById.get(n.id)!));
    p.links.forEach((l, k) => (p.links[k] = linkById.get(l.id)!));
  }
}

const MOVABLE_NODE_KINDS: ReadonlySet<NetworkNode['kind']> = new Set([
  'valve',
  'junction',
  'hydrant',
  'manhole',
  'chamber',
]);

/** The road nodes where a gas regulator's or gate station's link joins the mains. */
function gasRegulatorRoadNodes(gas: {
  nodes: NetworkNode[];
  links: NetworkLink[];
  regulatorIds: string[];
}): Set<number> {
  const regulators = new Set(gas.regulatorIds);
  const byId = new Map(gas.nodes.map((n) => [n.id, n]));
  const out = new Set<number>();
  for (const l of gas.links) {
    if (!regulators.has(l.fromNodeId)) continue;
    const v = byId.get(l.toNodeId)?.attributes['roadNode'];
    if (typeof v === 'number') out.add(v);
  }
  return out;
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** The city's box: the source buildings and every generated node (outfalls and feeds lie at the edge), padded. */
function cityBbox(sourceBox: Bbox, nodes: readonly NetworkNode[]): Bbox {
  const box: Bbox = [...sourceBox];
  for (const n of nodes) {
    box[0] = Math.min(box[0], n.position[0]);
    box[1] = Math.min(box[1], n.position[1]);
    box[2] = Math.max(box[2], n.position[0]);
    box[3] = Math.max(box[3], n.position[1]);
  }
  const pad = 0.0005;
  return [round6(box[0] - pad), round6(box[1] - pad), round6(box[2] + pad), round6(box[3] + pad)];
}
