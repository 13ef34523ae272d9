import type { LinkKind, NetworkLink, NetworkNode, NodeKind, Utility } from '../../core/model/index.js';
import { BLOCK_PITCH_M, cellToMorton, isBuilt, toLonLat, type SyntheticLayout } from './synthetic-layout.js';

/** How each utility runs under the streets: lateral offset from the street axis, depth, size, material, kinds. */
interface UtilityPlan {
  prefix: string;
  offsetM: number;
  /** Depth of the invert below ground at intersection (i, j), m. */
  depth(i: number, j: number): number;
  diameterMm(i: number, j: number): number;
  material: string;
  linkKind: LinkKind;
  /** Node kind at intersection (i, j). */
  nodeKind(i: number, j: number): NodeKind;
}

const PLANS: Record<Utility, UtilityPlan> = {
  water: {
    prefix: 'w',
    offsetM: 4,
    depth: () => 1.5,
    diameterMm: (i, j) => (j % 4 === 0 ? 400 : i % 2 === 0 ? 200 : 150),
    material: 'ductile iron',
    linkKind: 'pipe',
    nodeKind: () => 'junction',
  },
  sewer: {
    prefix: 's',
    offsetM: 0,
    depth: (i, j) => 2.5 + 0.25 * ((i + j) % 12),
    diameterMm: (i, j) => ((i + j) % 3 === 0 ? 600 : 400),
    material: 'concrete',
    linkKind: 'conduit',
    nodeKind: () => 'manhole',
  },
  storm: {
    prefix: 'r',
    offsetM: -2.5,
    depth: (i, j) => 2.5 + 0.2 * ((i + j) % 12),
    diameterMm: (i) => (i % 2 === 0 ? 800 : 500),
    material: 'concrete',
    linkKind: 'conduit',
    nodeKind: () => 'manhole',
  },
  gas: {
    prefix: 'g',
    offsetM: 6.5,
    depth: () => 1.2,
    diameterMm: (i) => (i % 4 === 0 ? 200 : 110),
    material: 'PE',
    linkKind: 'pipe',
    nodeKind: (i, j) => ((i + 3 * j) % 8 === 0 ? 'regulator' : (i + j) % 3 === 0 ? 'valve' : 'junction'),
  },
  power: {
    prefix: 'p',
    offsetM: -5,
    depth: () => 1.5,
    diameterMm: () => 600,
    material: 'PVC duct bank',
    linkKind: 'duct',
    nodeKind: (i, j) => ((i + 2 * j) % 5 === 0 ? 'cabinet' : 'chamber'),
  },
  telecom: {
    prefix: 't',
    offsetM: 8,
    depth: () => 1.2,
    diameterMm: () => 300,
    material: 'PVC duct bank',
    linkKind: 'duct',
    nodeKind: () => 'manhole',
  },
  heat: {
    prefix: 'h',
    offsetM: -7.5,
    depth: () => 2.0,
    diameterMm: (i) => (i % 3 === 0 ? 500 : 300),
    material: 'steel',
    linkKind: 'pipe',
    nodeKind: (i, j) => ((i + j) % 4 === 0 ? 'valve' : 'junction'),
  },
};

/** Network id of a utility in a synthetic city. */
export const syntheticNetworkId = (cityId: string, utility: Utility) => `${cityId}-${utility}`;

interface Context {
  layout: SyntheticLayout;
  cityId: string;
  groundM: number;
  nodes: NetworkNode[];
  links: NetworkLink[];
}

/**
 * The networks under the streets south and west of block `(bx, by)`: for each utility a link along each street
 * (street axis offset per utility, so they never overlap) and the node at the block's south-west intersection, plus
 * water hydrants and valves, storm inlets with a vertical drop and a steep lateral. An intersection's node is written
 * by the first built block (in Morton order) that touches it, so every link's nodes exist exactly once.
 */
export function blockNetworks(
  layout: SyntheticLayout,
  cityId: string,
  groundM: number,
  bx: number,
  by: number,
): { nodes: NetworkNode[]; links: NetworkLink[] } {
  const ctx: Context = { layout, cityId, groundM, nodes: [], links: [] };
  const self = cellToMorton(bx, by, layout.level);
  for (const utility of Object.keys(PLANS) as Utility[]) {
    const plan = PLANS[utility];
    // Nodes of the three intersections this block's streets touch, when this block owns them.
    for (const [i, j] of [
      [bx, by],
      [bx + 1, by],
      [bx, by + 1],
    ] as const) {
      if (ownerOf(layout, i, j) === self) intersectionNode(ctx, utility, plan, i, j);
    }
    const here = nodeId(plan, bx, by);
    if (utility === 'water') {
      const hydrant = addNode(
        ctx,
        utility,
        `${plan.prefix}-n-${bx}-${by}-h`,
        'hydrant',
        bx,
        by,
        BLOCK_PITCH_M / 2,
        plan.offsetM,
        plan.depth(bx, by),
      );
      const valve = addNode(
        ctx,
        utility,
        `${plan.prefix}-n-${bx}-${by}-v`,
        'valve',
        bx,
        by,
        plan.offsetM,
        10 + plan.offsetM,
        plan.depth(bx, by),
      );
      addLink(ctx, utility, plan, `${plan.prefix}-l-${bx}-${by}-e1`, here, hydrant, bx, by);
      addLink(ctx, utility, plan, `${plan.prefix}-l-${bx}-${by}-e2`, hydrant, nodeId(plan, bx + 1, by), bx, by);
      addLink(ctx, utility, plan, `${plan.prefix}-l-${bx}-${by}-n1`, here, valve, bx, by);
      addLink(ctx, utility, plan, `${plan.prefix}-l-${bx}-${by}-n2`, valve, nodeId(plan, bx, by + 1), bx, by);
      continue;
    }
    addLink(ctx, utility, plan, `${plan.prefix}-l-${bx}-${by}-e`, here, nodeId(plan, bx + 1, by), bx, by);
    addLink(ctx, utility, plan, `${plan.prefix}-l-${bx}-${by}-n`, here, nodeId(plan, bx, by + 1), bx, by);
    if (utility === 'storm') {
      // A kerb inlet, a vertical drop below it, and a steep lateral down to the intersection's manhole.
      const inlet = addNode(
        ctx,
        utility,
        `${plan.prefix}-n-${bx}-${by}-i`,
        'inlet',
        bx,
        by,
        15 + plan.offsetM,
        5 + plan.offsetM,
        1.0,
      );
      const drop = addNode(
        ctx,
        utility,
        `${plan.prefix}-n-${bx}-${by}-d`,
        'junction',
        bx,
        by,
        15 + plan.offsetM,
        5 + plan.offsetM,
        plan.depth(bx, by) - 0.3,
      );
      addLink(ctx, utility, plan, `${plan.prefix}-l-${bx}-${by}-drop`, inlet, drop, bx, by, 200, 'service');
      addLink(ctx, utility, plan, `${plan.prefix}-l-${bx}-${by}-lat`, drop, here, bx, by, 200, 'service');
    }
  }
  return { nodes: ctx.nodes, links: ctx.links };
}

/** Morton index of the block that writes intersection `(i, j)`'s nodes: the first built block touching it. */
function ownerOf(layout: SyntheticLayout, i: number, j: number): number {
  let best = Infinity;
  for (const [x, y] of [
    [i, j],
    [i - 1, j],
    [i, j - 1],
  ] as const) {
    if (isBuilt(layout, x, y)) best = Math.min(best, cellToMorton(x, y, layout.level));
  }
  return best;
}

function nodeId(plan: UtilityPlan, i: number, j: number): string {
  return `${plan.prefix}-n-${i}-${j}`;
}

function intersectionNode(ctx: Context, utility: Utility, plan: UtilityPlan, i: number, j: number): void {
  addNode(ctx, utility, nodeId(plan, i, j), plan.nodeKind(i, j), i, j, plan.offsetM, plan.offsetM, plan.depth(i, j));
}

function addNode(
  ctx: Context,
  utility: Utility,
  id: string,
  kind: NodeKind,
  i: number,
  j: number,
  de: number,
  dn: number,
  depth: number,
): string {
  const { layout } = ctx;
  const e = layout.minE + i * BLOCK_PITCH_M + de,
    n = layout.minN + j * BLOCK_PITCH_M + dn;
  ctx.nodes.push({
    id,
    networkId: syntheticNetworkId(ctx.cityId, utility),
    utility,
    kind,
    position: toLonLat(layout, e, n),
    groundM: ctx.groundM,
    invertM: ctx.groundM - depth,
    gridId: null,
    ...(kind === 'valve' ? { normallyOpen: true } : {}),
    provenance: { source: 'gridtwin-synthetic', synthetic: true },
    attributes: {},
  });
  return id;
}

/** Adds a straight link between two nodes, reading their positions and inverts back from the node list or plan. */
function addLink(
  ctx: Context,
  utility: Utility,
  plan: UtilityPlan,
  id: string,
  from: string,
  to: string,
  i: number,
  j: number,
  diameterMm = plan.diameterMm(i, j),
  kind: LinkKind = plan.linkKind,
): void {
  const a = nodeGeometry(ctx, plan, from),
    b = nodeGeometry(ctx, plan, to);
  // Gravity networks run from the shallower invert to the deeper one.
  const [up, down] = (utility === 'sewer' || utility === 'storm') && a.invertM < b.invertM ? [b, a] : [a, b];
  const lengthM = Math.hypot(up.e - down.e, up.n - down.n, up.invertM - down.invertM);
  ctx.links.push({
    id,
    networkId: syntheticNetworkId(ctx.cityId, utility),
    utility,
    kind,
    fromNodeId: up.id,
    toNodeId: down.id,
    path: [toLonLat(ctx.layout, up.e, up.n), toLonLat(ctx.layout, down.e, down.n)],
    lengthM: Math.round(lengthM * 100) / 100,
    diameterMm,
    material: plan.material,
    installYear: 1985 + ((i * 7 + j * 13) % 38),
    fromInvertM: up.invertM,
    toInvertM: down.invertM,
    gridId: null,
    provenance: { source: 'gridtwin-synthetic', synthetic: true },
    attributes: {},
  });
}

/** Position and invert of a node id of this plan (intersection ids are parsed; block nodes are looked up). */
function nodeGeometry(
  ctx: Context,
  plan: UtilityPlan,
  id: string,
): { id: string; e: number; n: number; invertM: number } {
  const own = ctx.nodes.find((n) => n.id === id);
  const { layout } = ctx;
  if (own) {
    return {
      id,
      e: (own.position[0] - layout.originLonDeg) * layout.metresPerLon,
      n: (own.position[1] - layout.originLatDeg) * layout.metresPerLat,
      invertM: own.invertM,
    };
  }
  const [i, j] = id
    .slice(plan.prefix.length + 3)
    .split('-')
    .map(Number) as [number, number];
  return {
    id,
    e: layout.minE + i * BLOCK_PITCH_M + plan.offsetM,
    n: layout.minN + j * BLOCK_PITCH_M + plan.offsetM,
    invertM: ctx.groundM - plan.depth(i, j),
  };
}
