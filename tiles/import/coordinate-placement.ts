import { EnuFrame, toWgs84Converter, fromWgs84Converter } from '../../core/geo/index.js';
import './epsg-lookup.js';
import type { LonLat } from '../../core/model/index.js';

/**
 * How source coordinates become WGS84: through a CRS (`EPSG:3003`, `gcj02`, `+proj=...`), or, for schematic
 * drawings without a CRS (EPANET's Net1-3), by placing the drawing's bounding-box centre at an anchor and
 * scaling drawing units to metres.
 */
export type Placement =
  | { kind: 'crs'; crs: string }
  | { kind: 'anchor'; anchorLonLat: LonLat; metresPerUnit: number; sourceCentre: [number, number] };

/** What a user asks for, before the source's extent is known. */
export type PlacementRequest =
  { kind: 'crs'; crs: string } | { kind: 'anchor'; anchorLonLat: LonLat; metresPerUnit: number };

/** A source `[x, y]` -> WGS84 `[lonDeg, latDeg]` function plus its inverse. */
export interface Placer {
  placement: Placement;
  toLonLat(x: number, y: number): LonLat;
  fromLonLat(lonDeg: number, latDeg: number): [number, number];
}

/**
 * Builds a placer. `sourceBbox` `[minX, minY, maxX, maxY]` is needed for anchor placement (its centre goes to the
 * anchor). Throws a RangeError for an unknown CRS or a bad anchor.
 */
export function createPlacer(
  request: PlacementRequest | Placement,
  sourceBbox?: [number, number, number, number],
): Placer {
  if (request.kind === 'crs') {
    const to = toWgs84Converter(request.crs);
    const from = fromWgs84Converter(request.crs);
    return {
      placement: { kind: 'crs', crs: request.crs },
      toLonLat: (x, y) => to(x, y),
      fromLonLat: (lon, lat) => from(lon, lat),
    };
  }
  const { anchorLonLat, metresPerUnit } = request;
  if (!(metresPerUnit > 0) || !Number.isFinite(metresPerUnit))
    throw new RangeError(`metresPerUnit must be a positive number, got ${metresPerUnit}`);
  const centre: [number, number] =
    'sourceCentre' in request
      ? request.sourceCentre
      : sourceBbox
        ? [(sourceBbox[0] + sourceBbox[2]) / 2, (sourceBbox[1] + sourceBbox[3]) / 2]
        : [0, 0];
  const frame = new EnuFrame(anchorLonLat[0], anchorLonLat[1]);
  return {
    placement: { kind: 'anchor', anchorLonLat, metresPerUnit, sourceCentre: centre },
    toLonLat: (x, y) => {
      const p = frame.fromEnu((x - centre[0]) * metresPerUnit, (y - centre[1]) * metresPerUnit, 0);
      return [p[0], p[1]];
    },
    fromLonLat: (lon, lat) => {
      const e = frame.toEnu(lon, lat, 0);
      return [centre[0] + e[0] / metresPerUnit, centre[1] + e[1] / metresPerUnit];
    },
  };
}

/** Whether a converted position is a usable WGS84 position (a wrong CRS often gives NaN or Infinity). */
export function isValidLonLat(p: readonly number[]): boolean {
  return (
    p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0]!) <= 180 && Math.abs(p[1]!) <= 90
  );
}

/** Parses `lon,lat` (CLI `--anchor`), or throws a RangeError. */
export function parseAnchor(text: string): LonLat {
  const parts = text.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 2 || !isValidLonLat(parts))
    throw new RangeError(`--anchor must be "lon,lat" in degrees, got "${text}"`);
  return [parts[0]!, parts[1]!];
}
