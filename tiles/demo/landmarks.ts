import { multiPolygonAreaM2 } from '../../core/geo/index.js';
import type { Building } from '../../core/model/index.js';
import { FLOOR_AREA_PER_PERSON_M2 } from './building-estimates.js';

/**
 * The district's landmarks as published (heights to architectural top and floors above ground: CTBUH / the
 * buildings' owners; gross floor areas above ground as published), laid over the OSM records that carry them:
 * OSM gives Shanghai Tower the right height but 198 "floors" (632 m / 3.2 m), names SWFC's 17 m podium and leaves the
 * 492 m tower unnamed, leaves the Oriental Pearl unnamed, and has no Jin Mao Tower in this extract at all, so Jin
 * Mao is added with an approximate square footprint (flagged `footprintApproximate`).
 */
export interface Landmark {
  /** The OSM root building record that is the landmark, or null when the source lacks it (then `footprint`). */
  readonly recordId: string | null;
  readonly name: string;
  readonly nameEn: string;
  readonly heightM: number;
  /** Floors above ground; undefined for a tower without office floors (the TV tower). */
  readonly floors?: number;
  /** Gross floor area above ground, m² (bounds the population). */
  readonly grossFloorAreaM2: number;
  readonly use: Building['use'];
  /** For a landmark missing from the source: centre (lon, lat) and side of a square footprint, m. */
  readonly added?: { readonly id: string; readonly center: [number, number]; readonly sideM: number };
  /** Another record that belongs to it (a podium), named after it. */
  readonly podiumId?: string;
}

export const LANDMARKS: readonly Landmark[] = [
  {
    recordId: 'osm-b-165792123',
    name: '上海中心大厦',
    nameEn: 'Shanghai Tower',
    heightM: 632,
    floors: 128,
    grossFloorAreaM2: 380_000,
    use: 'office',
  },
  {
    recordId: 'osm-b-10691100',
    name: '上海环球金融中心',
    nameEn: 'Shanghai World Financial Center',
    heightM: 492,
    floors: 101,
    grossFloorAreaM2: 377_300,
    use: 'office',
    podiumId: 'osm-b-165591946',
  },
  {
    recordId: null,
    name: '金茂大厦',
    nameEn: 'Jin Mao Tower',
    heightM: 420.5,
    floors: 88,
    grossFloorAreaM2: 278_700,
    use: 'mixed',
    added: { id: 'landmark-jin-mao', center: [121.5015, 31.237], sideM: 54 },
  },
  {
    recordId: 'osm-b-40778038',
    name: '东方明珠广播电视塔',
    nameEn: 'Oriental Pearl Tower',
    heightM: 468,
    grossFloorAreaM2: 70_000,
    use: 'public',
  },
];

/** Share of gross floor area that is occupied space (as building-estimates.ts). */
const USABLE_SHARE = 0.75;

/** People in a landmark: occupied floor area over the floor area per person of its use. */
export function landmarkPopulation(l: Landmark): number {
  return Math.round((l.grossFloorAreaM2 * USABLE_SHARE) / FLOOR_AREA_PER_PERSON_M2[l.use]);
}

/** A square footprint of `sideM` around a point (lon, lat), counter-clockwise, closed. */
function squareFootprint([lon, lat]: [number, number], sideM: number): Building['footprint'] {
  const dLat = sideM / 2 / 111_320;
  const dLon = sideM / 2 / (111_320 * Math.cos((lat * Math.PI) / 180));
  const r = (v: number) => Math.round(v * 1e8) / 1e8;
  return [
    [
      [
        [r(lon - dLon), r(lat - dLat)],
        [r(lon + dLon), r(lat - dLat)],
        [r(lon + dLon), r(lat + dLat)],
        [r(lon - dLon), r(lat + dLat)],
        [r(lon - dLon), r(lat - dLat)],
      ],
    ],
  ];
}

/**
 * Applies the landmark table to the OSM buildings (in place; answers the records it named or added): names in
 * both languages, published height and floors, population from the published floor area, podiums named after their
 * tower, missing landmarks added.
 */
export function applyLandmarks(buildings: Building[]): Building[] {
  const byId = new Map(buildings.map((b) => [b.id, b]));
  const done: Building[] = [];
  for (const l of LANDMARKS) {
    let b = l.recordId ? byId.get(l.recordId) : undefined;
    if (!b && l.added) {
      if (byId.has(l.added.id)) continue;
      const footprint = squareFootprint(l.added.center, l.added.sideM);
      b = {
        id: l.added.id,
        footprint,
        baseHeightM: 0,
        roofHeightM: l.heightM,
        heightEstimated: false,
        use: l.use,
        population: 0,
        gridId: null,
        provenance: { source: 'gridtwin-landmarks', sourceId: l.added.id, synthetic: true },
        attributes: { footprintApproximate: true, footprintM2: Math.round(multiPolygonAreaM2(footprint)) },
      };
      buildings.push(b);
      byId.set(b.id, b);
    }
    if (!b) continue;
    b.name = l.name;
    b.nameEn = l.nameEn;
    b.roofHeightM = l.heightM;
    b.heightEstimated = false;
    if (l.floors === undefined) delete b.floors;
    else b.floors = l.floors;
    b.use = l.use;
    b.population = landmarkPopulation(l);
    b.attributes = {
      ...b.attributes,
      landmark: true,
      grossFloorAreaM2: l.grossFloorAreaM2,
      floorsEstimated: false,
      populationEstimated: true,
    };
    done.push(b);
    const podium = l.podiumId ? byId.get(l.podiumId) : undefined;
    if (podium) {
      podium.name = `${l.name}裙楼`;
      podium.nameEn = `${l.nameEn} podium`;
      // The tower's people are counted in the tower; the podium keeps its own (shops, lobby) estimate.
      podium.attributes = { ...podium.attributes, podiumOf: b.id };
    }
  }
  buildings.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return done;
}
