import type { EnuFrame } from '../../core/geo/index.js';
import type {
  Attributes,
  LinkKind,
  LonLat,
  NetworkLink,
  NetworkNode,
  NodeHydraulics,
  NodeKind,
  LinkHydraulics,
  Utility,
} from '../../core/model/index.js';
import { polylineLength, type Xy } from './plane-geometry.js';

/** One-letter id prefix per utility: water w, sewer s, storm r, gas g, power p, telecom t, heat h. */
export const UTILITY_PREFIX: Record<Utility, string> = {
  water: 'w',
  sewer: 's',
  storm: 'r',
  gas: 'g',
  power: 'p',
  telecom: 't',
  heat: 'h',
};

/** Provenance of everything the demo generator makes. */
export const SYNTHETIC_PROVENANCE = { source: 'gridtwin-demo', synthetic: true } as const;

/** Optional fields of a new node. */
export interface NodeExtras {
  name?: string;
  normallyOpen?: boolean;
  hydraulics?: NodeHydraulics;
  attributes?: Attributes;
}

/** Fields of a new link besides its ends and path. */
export interface LinkSpec {
  kind: LinkKind;
  diameterMm: number;
  fromInvertM: number;
  toInvertM: number;
  material?: string;
  installYear?: number;
  name?: string;
  hydraulics?: LinkHydraulics;
  attributes?: Attributes;
}

const round8 = (v: number): number => Math.round(v * 1e8) / 1e8;
const round3 = (v: number): number => Math.round(v * 1e3) / 1e3;

/**
 * Accumulates the nodes and links of one synthetic network, giving them readable stable ids
 * (`w-n-000001` nodes, `w-v-000001` valves, `w-l-000001` links) and WGS84 positions from ENU. A link's path starts
 * and ends at exactly the stored positions of its nodes.
 */
export class NetworkBuilder {
  readonly nodes: NetworkNode[] = [];
  readonly links: NetworkLink[] = [];
  private readonly xy = new Map<string, Xy>();
  private readonly byId = new Map<string, NetworkNode>();
  private nodeCount = 0;
  private valveCount = 0;

  constructor(
    readonly utility: Utility,
    readonly networkId: string,
    private readonly frame: EnuFrame,
    readonly groundM: number,
  ) {}

  private toLonLat(p: Xy): LonLat {
    const w = this.frame.fromEnu(p[0], p[1], 0);
    return [round8(w[0]), round8(w[1])];
  }

  /** Adds a node at an ENU point with an invert elevation (m above datum); returns its id. */
  addNode(kind: NodeKind, p: Xy, invertM: number, extras: NodeExtras = {}): string {
    const prefix = UTILITY_PREFIX[this.utility];
    const id =
      kind === 'valve'
        ? `${prefix}-v-${String(++this.valveCount).padStart(6, '0')}`
        : `${prefix}-n-${String(++this.nodeCount).padStart(6, '0')}`;
    const node: NetworkNode = {
      id,
      networkId: this.networkId,
      utility: this.utility,
      kind,
      position: this.toLonLat(p),
      groundM: this.groundM,
      invertM: round3(invertM),
      gridId: null,
      provenance: { ...SYNTHETIC_PROVENANCE },
      attributes: extras.attributes ?? {},
      ...(extras.name ? { name: extras.name } : {}),
      ...(extras.normallyOpen !== undefined ? { normallyOpen: extras.normallyOpen } : {}),
      ...(extras.hydraulics ? { hydraulics: extras.hydraulics } : {}),
    };
    this.nodes.push(node);
    this.xy.set(id, p);
    this.byId.set(id, node);
    return id;
  }

  /** The node with this id (throws on an unknown id: a generator bug). */
  node(id: string): NetworkNode {
    const n = this.byId.get(id);
    if (!n) throw new RangeError(`node: unknown id ${id}`);
    return n;
  }

  /** ENU position of a node. */
  positionOf(id: string): Xy {
    return this.xy.get(id)!;
  }

  /**
   * Adds a link from node to node along `via` (interior ENU points; the node positions are the ends).
   * Returns its id.
   */
  addLink(fromId: string, toId: string, via: readonly Xy[], spec: LinkSpec): string {
    const id = `${UTILITY_PREFIX[this.utility]}-l-${String(this.links.length + 1).padStart(6, '0')}`;
    const from = this.node(fromId),
      to = this.node(toId);
    const planar = [this.positionOf(fromId), ...via, this.positionOf(toId)];
    const path: LonLat[] = [
      [...from.position] as LonLat,
      ...via.map((p) => this.toLonLat(p)),
      [...to.position] as LonLat,
    ];
    this.links.push({
      id,
      networkId: this.networkId,
      utility: this.utility,
      kind: spec.kind,
      fromNodeId: fromId,
      toNodeId: toId,
      path,
      lengthM: Math.round(polylineLength(planar) * 100) / 100,
      diameterMm: spec.diameterMm,
      fromInvertM: round3(spec.fromInvertM),
      toInvertM: round3(spec.toInvertM),
      gridId: null,
      provenance: { ...SYNTHETIC_PROVENANCE },
      attributes: spec.attributes ?? {},
      ...(spec.material ? { material: spec.material } : {}),
      ...(spec.installYear ? { installYear: spec.installYear } : {}),
      ...(spec.name ? { name: spec.name } : {}),
      ...(spec.hydraulics ? { hydraulics: spec.hydraulics } : {}),
    });
    return id;
  }
}

/** Interior points of a polyline (without its two ends), for {@link NetworkBuilder.addLink}. */
export function interior(points: readonly Xy[]): Xy[] {
  return points.slice(1, -1);
}
