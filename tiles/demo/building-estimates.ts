import type { BuildingUse } from '../../core/model/index.js';

/** Storey height used to derive floors from heights, m (floors = round(height / 3.2)). */
export const STOREY_HEIGHT_M = 3.2;

/** What the source says about a building's use (Tilezen `kind_detail`, `landuse_kind`). */
export interface UseHints {
  readonly kindDetail?: string;
  readonly landuseKind?: string;
  readonly heightM?: number;
}

const USE_BY_KIND_DETAIL: Record<string, BuildingUse> = {
  apartments: 'residential',
  residential: 'residential',
  house: 'residential',
  dormitory: 'residential',
  commercial: 'commercial',
  office: 'office',
  bank: 'office',
  retail: 'retail',
  mall: 'retail',
  shop: 'retail',
  supermarket: 'retail',
  hotel: 'hotel',
  school: 'education',
  university: 'education',
  college: 'education',
  hospital: 'health',
  clinic: 'health',
  place_of_worship: 'religious',
  church: 'religious',
  temple: 'religious',
  transportation: 'transport',
  train_station: 'transport',
  embassy: 'public',
  arts_centre: 'public',
  museum: 'public',
  civic: 'public',
  government: 'public',
  public: 'public',
  industrial: 'industrial',
  warehouse: 'industrial',
  shed: 'other',
  garage: 'other',
  tower: 'other',
  communications_tower: 'other',
  attraction: 'other',
  construction: 'unknown',
};

const USE_BY_LANDUSE: Record<string, BuildingUse> = {
  residential: 'residential',
  retail: 'retail',
  commercial: 'commercial',
  hospital: 'health',
  school: 'education',
  university: 'education',
  place_of_worship: 'religious',
  industrial: 'industrial',
  attraction: 'public',
  park: 'public',
  garden: 'public',
  protected_area: 'public',
  forest: 'public',
  grass: 'public',
  parking: 'transport',
  pedestrian: 'public',
  footway: 'public',
};

/**
 * Coarse use class from the OSM hints. Unlabelled towers above 60 m in this CBD are offices more often than not;
 * anything else unlabelled stays `unknown`.
 */
export function estimateUse(h: UseHints): BuildingUse {
  const byDetail = h.kindDetail ? USE_BY_KIND_DETAIL[h.kindDetail] : undefined;
  if (byDetail) return byDetail;
  const byLanduse = h.landuseKind ? USE_BY_LANDUSE[h.landuseKind] : undefined;
  if (byLanduse) return byLanduse;
  if ((h.heightM ?? 0) > 60) return 'office';
  return 'unknown';
}

/** A stable number in [0, 1) from an id, so estimates vary between buildings but never between runs or seeds. */
export function idJitter(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  return ((h ^ (h >>> 15)) >>> 0) / 4294967296;
}

/**
 * Estimated roof height (m) for a building the source gives no height: floors from use and footprint
 * (sheds one storey, Shanghai's low-rise lilong housing and small blocks 2-3, residential blocks 6 at 3 m,
 * large footprints in the CBD core taller), with a small per-building variation from its id.
 * @param footprintM2 footprint area, m².
 * @param inCbdCore whether the building stands in the Lujiazui high-rise core.
 */
export function estimateHeightM(
  use: BuildingUse,
  footprintM2: number,
  id: string,
  inCbdCore: boolean,
  kindDetail?: string,
): number {
  const j = idJitter(id);
  if (kindDetail === 'shed' || kindDetail === 'garage' || footprintM2 < 60) return 4;
  let floors: number;
  let storey = 3.5;
  if (use === 'residential') {
    storey = 3;
    floors = footprintM2 < 150 ? 2 + Math.floor(j * 2) : footprintM2 < 1500 ? 6 : 11 + Math.floor(j * 8);
  } else if (footprintM2 < 200) floors = 1 + Math.floor(j * 2);
  else if (footprintM2 < 800) floors = 2 + Math.floor(j * 3);
  else if (footprintM2 < 3000) floors = 4 + Math.floor(j * 5);
  else floors = 5 + Math.floor(j * 6);
  if (inCbdCore && footprintM2 >= 1500 && use !== 'residential') floors = Math.round(floors * 2.5);
  return Math.round(floors * storey * 10) / 10;
}

/** Storey height of high-rises (above 100 m): office floors run 4 to 4.5 m floor to floor, plant floors more. */
export const HIGH_RISE_STOREY_HEIGHT_M = 4.2;

/** Floors from a roof height: round(height / 3.2), or / 4.2 above 100 m; at least 1. */
export function floorsFromHeight(heightM: number): number {
  return Math.max(1, Math.round(heightM / (heightM > 100 ? HIGH_RISE_STOREY_HEIGHT_M : STOREY_HEIGHT_M)));
}

/** Gross floor area per occupant, m² (residential ~35, office ~15, ...): the basis of population estimates. */
export const FLOOR_AREA_PER_PERSON_M2: Record<BuildingUse, number> = {
  residential: 35,
  office: 15,
  commercial: 20,
  retail: 25,
  hotel: 40,
  mixed: 25,
  education: 10,
  health: 25,
  public: 60,
  religious: 100,
  transport: 60,
  industrial: 60,
  other: 150,
  unknown: 40,
};

/** Share of gross floor area that is occupied space (cores, plant floors and parking excluded). */
const USABLE_SHARE = 0.75;

/** Estimated occupants: footprint × floors × usable share / floor area per person, rounded. */
export function estimatePopulation(use: BuildingUse, footprintM2: number, floors: number): number {
  return Math.round((footprintM2 * floors * USABLE_SHARE) / FLOOR_AREA_PER_PERSON_M2[use]);
}

/** Average water use per occupant by building use, L/person/day (GB 50013/50015 orders of magnitude). */
export const WATER_USE_LPD: Record<BuildingUse, number> = {
  residential: 220,
  hotel: 250,
  health: 250,
  office: 150,
  commercial: 150,
  mixed: 180,
  retail: 150,
  education: 150,
  public: 150,
  religious: 150,
  transport: 150,
  industrial: 150,
  other: 150,
  unknown: 180,
};
