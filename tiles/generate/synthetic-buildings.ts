import type { Building, BuildingUse, PolygonCoords } from '../../core/model/index.js';
import type { SeededRandom } from '../../core/random/index.js';
import { BLOCK_PITCH_M, STREET_WIDTH_M, toLonLat, type SyntheticLayout } from './synthetic-layout.js';

const STREETS = [
  'Renmin Road',
  'Jiefang Road',
  'Zhongshan Road',
  'Huaihai Road',
  'Nanjing Road',
  'Xinhua Road',
  'Changan Street',
  'Dongfeng Road',
];
const USES: BuildingUse[] = [
  'residential',
  'residential',
  'residential',
  'office',
  'commercial',
  'retail',
  'mixed',
  'public',
  'education',
  'industrial',
];

/**
 * The buildings of one block: parcels in rows and columns, each with a footprint inset from the parcel edges: mostly
 * rectangles, some L shapes, some courtyards (a polygon with a hole) and some pairs (a multipolygon), with a small
 * rotation; taller towards the city centre. Ids are `b-` and the building's global index.
 */
export function blockBuildings(
  layout: SyntheticLayout,
  blockX: number,
  blockY: number,
  count: number,
  firstIndex: number,
  random: SeededRandom,
): Building[] {
  const west = layout.minE + blockX * BLOCK_PITCH_M + STREET_WIDTH_M / 2;
  const south = layout.minN + blockY * BLOCK_PITCH_M + STREET_WIDTH_M / 2;
  const inner = BLOCK_PITCH_M - STREET_WIDTH_M;
  const cols = count <= 12 ? 4 : count <= 24 ? 5 : 6;
  const rows = Math.ceil(count / cols);
  const pw = inner / cols,
    ph = inner / rows;
  const centreDistance = Math.hypot(west + inner / 2, south + inner / 2);
  const downtown = Math.exp(-centreDistance / 1500);
  const street = STREETS[(blockX * 7 + blockY * 3) % STREETS.length]!;
  const out: Building[] = [];
  for (let k = 0; k < count; k++) {
    const r = Math.floor(k / cols),
      c = k % cols;
    const e0 = west + c * pw,
      n0 = south + r * ph;
    const inset = random.range(1.5, 3);
    const polygons = parcelFootprint(e0 + inset, n0 + inset, e0 + pw - inset, n0 + ph - inset, random);
    const angle = random.range(-0.05, 0.05);
    const ce = e0 + pw / 2,
      cn = n0 + ph / 2;
    const footprint = polygons.map((polygon) =>
      polygon.map((ring) =>
        ring.map(([e, n]) => {
          const de = e! - ce,
            dn = n! - cn;
          return toLonLat(
            layout,
            ce + de * Math.cos(angle) - dn * Math.sin(angle),
            cn + de * Math.sin(angle) + dn * Math.cos(angle),
          );
        }),
      ),
    ) as PolygonCoords[];
    const floors = Math.max(1, Math.round(2 + random.next() * 4 + downtown * random.next() * 36));
    const index = firstIndex + k;
    out.push({
      id: `b-${String(index).padStart(7, '0')}`,
      footprint,
      baseHeightM: 0,
      roofHeightM: Math.round(floors * 3.2 * 10) / 10,
      heightEstimated: false,
      floors,
      use: random.pick(USES),
      address: { street, number: String(1 + blockX * 10 + k) },
      population: Math.round(floors * pw * ph * 0.02),
      gridId: null,
      provenance: { source: 'gridtwin-synthetic', synthetic: true },
      attributes: {},
    });
  }
  return out;
}

type Rings = [number, number][][];

/** A footprint within `[e0, e1] x [n0, n1]` as polygons of ENU rings (closed). */
function parcelFootprint(e0: number, n0: number, e1: number, n1: number, random: SeededRandom): Rings[] {
  const w = e1 - e0,
    h = n1 - n0;
  const roll = random.next();
  if (roll < 0.1 && w > 10 && h > 10) {
    // Courtyard: an outer rectangle with a rectangular hole.
    return [[rect(e0, n0, e1, n1), rect(e0 + w * 0.3, n0 + h * 0.3, e1 - w * 0.3, n1 - h * 0.3)]];
  }
  if (roll < 0.25) {
    // L shape.
    const ec = e0 + w * random.range(0.4, 0.7),
      nc = n0 + h * random.range(0.4, 0.7);
    return [
      [
        closed([
          [e0, n0],
          [e1, n0],
          [e1, nc],
          [ec, nc],
          [ec, n1],
          [e0, n1],
        ]),
      ],
    ];
  }
  if (roll < 0.3 && w > 6) {
    // Two wings on one parcel: a multipolygon.
    const gap = w * 0.15;
    return [[rect(e0, n0, e0 + (w - gap) / 2, n1)], [rect(e1 - (w - gap) / 2, n0, e1, n1)]];
  }
  return [[rect(e0, n0, e1, n1)]];
}

function rect(e0: number, n0: number, e1: number, n1: number): [number, number][] {
  return closed([
    [e0, n0],
    [e1, n0],
    [e1, n1],
    [e0, n1],
  ]);
}

function closed(ring: [number, number][]): [number, number][] {
  return [...ring, ring[0]!];
}
