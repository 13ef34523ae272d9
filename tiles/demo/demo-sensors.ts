import type { NetworkLink, NetworkNode, Sensor } from '../../core/model/index.js';
import type { SeededRandom } from '../../core/random/index.js';

/** What the sensor placement reads from the generated networks. */
export interface SensorInputs {
  readonly water: {
    nodes: readonly NetworkNode[];
    links: readonly NetworkLink[];
    sourceNodeIds: readonly string[];
    sourceLinkIds: readonly string[];
    deadEndNodeIds: readonly string[];
  };
  readonly sewer: { nodes: readonly NetworkNode[] };
  readonly storm: { nodes: readonly NetworkNode[] };
  readonly gas: { nodes: readonly NetworkNode[]; regulatorIds: readonly string[] };
  /** Rain gauge sites (lon/lat), e.g. spread over the city's bbox. */
  readonly rainSites: readonly [number, number][];
}

const num = (n: number): string => String(n).padStart(3, '0');

/** Picks `count` items spread over a list (every k-th after a seeded start), in list order. */
function spread<T>(items: readonly T[], count: number, rng: SeededRandom): T[] {
  if (items.length <= count) return [...items];
  const step = items.length / count;
  const start = rng.next() * step;
  return Array.from({ length: count }, (_, i) => items[Math.floor(start + i * step)]!);
}

/** Sorts nodes west to east then south to north, so spread picks cover the city. */
function byPlace<T extends { position: [number, number]; id: string }>(nodes: readonly T[]): T[] {
  return [...nodes].sort(
    (a, b) => a.position[0] - b.position[0] || a.position[1] - b.position[1] || (a.id < b.id ? -1 : 1),
  );
}

/**
 * The demo city's sensors, placed on the synthetic networks with the seed:
 * - water pressure (`p-w-NNN`, unit m of pressure head, lo 15 / lolo 10 / hi 50 / hihi 60) near each feed, at
 *   dead ends of the mains and at the highest-demand service tees (12 in all);
 * - water flow at each feed outlet (`f-w-NNN`, L/s, alarms around the design flow);
 * - level in sewer and storm manholes (`l-s-NNN`, `l-r-NNN`, m of water above the invert; hi at 60 % of the depth,
 *   hihi at 85 %), 12 sewer and 12 storm, including the lift stations' wet wells;
 * - gas concentration (`g-g-NNN`, %LEL, hi 10 / hihi 25) at regulators and in sewer manholes near the gas mains;
 * - rain gauges (`rain-NNN`, mm/h, hi 30 / hihi 50), free-standing.
 * Reporting every 10-60 s. Sensor ids are MQTT topic levels: letters, digits and dashes only.
 */
export function buildDemoSensors(inputs: SensorInputs, rng: SeededRandom): Sensor[] {
  const sensors: Sensor[] = [];
  const base = { gridId: null, attributes: { synthetic: true } };
  const interval = (): number => rng.pick([10, 15, 20, 30, 60]);
  const node = (n: NetworkNode, heightM: number): Pick<Sensor, 'mount' | 'position' | 'heightM' | 'utility'> => ({
    mount: { type: 'node', id: n.id },
    position: [...n.position] as [number, number],
    heightM,
    utility: n.utility,
  });

  // Water pressure: by each feed, then dead ends, then the heaviest tees.
  const wNodes = new Map(inputs.water.nodes.map((n) => [n.id, n]));
  const feedNeighbours = inputs.water.sourceLinkIds.map(
    (lid) => inputs.water.links.find((l) => l.id === lid)!.toNodeId,
  );
  const deadEnds = spread(byPlace(inputs.water.deadEndNodeIds.map((id) => wNodes.get(id)!)), 4, rng);
  const tees = inputs.water.nodes
    .filter((n) => (n.hydraulics?.demandLps ?? 0) > 0)
    .sort((a, b) => b.hydraulics!.demandLps! - a.hydraulics!.demandLps! || (a.id < b.id ? -1 : 1));
  const pressureNodes = [...feedNeighbours.map((id) => wNodes.get(id)!), ...deadEnds, ...tees.slice(0, 12)]
    .filter((n, i, all) => all.findIndex((m) => m.id === n.id) === i)
    .slice(0, 12);
  pressureNodes.forEach((n, i) =>
    sensors.push({
      ...base,
      id: `p-w-${num(i + 1)}`,
      kind: 'pressure',
      unit: 'm',
      name: `压力 ${i + 1} / Pressure ${i + 1}`,
      ...node(n, n.invertM - n.groundM),
      thresholds: { lolo: 10, lo: 15, hi: 50, hihi: 60, deadband: 1, minDurationS: 30 },
      reportingIntervalS: interval(),
    }),
  );
  // Flow at each feed outlet.
  inputs.water.sourceLinkIds.forEach((lid, i) => {
    const l = inputs.water.links.find((x) => x.id === lid)!;
    const [lon, lat] = l.path[Math.floor(l.path.length / 2)]!;
    const d = l.diameterMm / 1000;
    const designLps = Math.round(((Math.PI * d * d) / 4) * 1.2 * 1000);
    sensors.push({
      ...base,
      id: `f-w-${num(i + 1)}`,
      kind: 'flow',
      unit: 'L/s',
      name: `进水流量 ${i + 1} / Inflow ${i + 1}`,
      utility: 'water',
      mount: { type: 'link', id: l.id },
      position: [lon, lat],
      heightM: l.fromInvertM - 4,
      thresholds: { lo: 0, hi: Math.round(designLps * 0.9), hihi: designLps, deadband: 5 },
      reportingIntervalS: interval(),
    });
  });
  // Manhole levels: lift stations first, then manholes spread over the network, deepest favoured.
  for (const [utility, prefix, nodes] of [
    ['sewer', 's', inputs.sewer.nodes],
    ['storm', 'r', inputs.storm.nodes],
  ] as const) {
    const lifts = nodes.filter((n) => n.kind === 'pump');
    const manholes = byPlace(nodes.filter((n) => n.kind === 'manhole' && n.groundM - n.invertM > 2.5));
    const chosen = [...lifts.slice(0, 4), ...spread(manholes, 12 - Math.min(4, lifts.length), rng)];
    chosen.forEach((n, i) => {
      const depth = Math.round((n.groundM - n.invertM) * 100) / 100;
      sensors.push({
        ...base,
        id: `l-${prefix}-${num(i + 1)}`,
        kind: 'level',
        unit: 'm',
        name: `${utility === 'sewer' ? '污水' : '雨水'}液位 ${i + 1} / ${utility} level ${i + 1}`,
        ...node(n, -depth),
        thresholds: {
          hi: Math.round(depth * 0.6 * 100) / 100,
          hihi: Math.round(depth * 0.85 * 100) / 100,
          deadband: 0.05,
          minDurationS: 60,
        },
        reportingIntervalS: interval(),
        attributes: { synthetic: true, manholeDepthM: depth },
      });
    });
  }
  // Gas: at every regulator (up to 8), then in sewer manholes next to gas mains.
  const gasSites: { n: NetworkNode; where: string }[] = inputs.gas.regulatorIds
    .slice(0, 8)
    .map((id) => ({ n: inputs.gas.nodes.find((x) => x.id === id)!, where: 'regulator' }));
  const gasJunctions = byPlace(inputs.gas.nodes.filter((n) => n.kind === 'junction'));
  const sewerManholes = inputs.sewer.nodes.filter((n) => n.kind === 'manhole');
  for (const g of spread(gasJunctions, 12 - gasSites.length, rng)) {
    let best: NetworkNode | null = null,
      bestD = Infinity;
    for (const m of sewerManholes) {
      const d = Math.hypot(m.position[0] - g.position[0], m.position[1] - g.position[1]);
      if (d < bestD) {
        bestD = d;
        best = m;
      }
    }
    if (best && !gasSites.some((s) => s.n.id === best!.id)) gasSites.push({ n: best, where: 'manhole' });
  }
  gasSites.forEach(({ n, where }, i) =>
    sensors.push({
      ...base,
      id: `g-g-${num(i + 1)}`,
      kind: 'gas',
      unit: '%LEL',
      name: `可燃气体 ${i + 1} / Gas ${i + 1}`,
      ...node(n, where === 'regulator' ? 0.5 : -0.5),
      utility: 'gas',
      thresholds: { hi: 10, hihi: 25, deadband: 2, minDurationS: 10 },
      reportingIntervalS: interval(),
      attributes: { synthetic: true, location: where },
    }),
  );
  inputs.rainSites.forEach((p, i) =>
    sensors.push({
      ...base,
      id: `rain-${num(i + 1)}`,
      kind: 'rain',
      unit: 'mm/h',
      name: `雨量计 ${i + 1} / Rain gauge ${i + 1}`,
      utility: 'storm',
      mount: null,
      position: [p[0], p[1]],
      heightM: 10,
      thresholds: { hi: 30, hihi: 50 },
      reportingIntervalS: 60,
    }),
  );
  return sensors;
}
