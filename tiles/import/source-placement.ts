import { crsMetresPerUnit, LENGTH_UNITS, type LengthUnit, type ToWgs84 } from '../../core/geo/index.js';
import type { LonLat } from '../../core/model/index.js';
import { createPlacer } from './coordinate-placement.js';
import { converterFor, type GeoJsonFeature } from './geojson-source.js';
import { fail, type ImportReport } from '../report/import-report.js';

/** Where feature coordinates are, as the import options say. */
export interface SourcePlacement {
  /** CRS of the coordinates; wins over the document's own. */
  crs?: string;
  /** A local drawing without CRS: its extent's centre goes to this WGS84 point. */
  anchor?: LonLat;
  /** Metres per drawing unit with `anchor`. @default the length unit's (1 for m) */
  metresPerUnit?: number;
  /** Unit of the coordinates: with `anchor`, the default scale; with a CRS, when the file's unit is not the CRS's. */
  lengthUnit?: LengthUnit;
}

/**
 * The WGS84 converter for features: a CRS (the option's, the document's, else WGS84), or an anchor and scale for a
 * local drawing (buildings and pipes in the same drawing units as an EPANET model). With `lengthUnit` and a projected
 * CRS whose unit differs (a drawing in feet under a metric code), coordinates are rescaled to the CRS's unit first.
 * Null, with an error in the report, when the CRS is unknown or the unit cannot apply.
 */
export function featureConverter(
  placement: SourcePlacement,
  documentCrs: string | undefined,
  features: readonly GeoJsonFeature[],
  report: ImportReport,
): { crs: string; convert: ToWgs84 } | null {
  if (placement.anchor) {
    const metresPerUnit = placement.metresPerUnit ?? LENGTH_UNITS[placement.lengthUnit ?? 'm'];
    const box = extent(features);
    if (!box) {
      fail(report, 'no coordinates to place at the anchor');
      return null;
    }
    try {
      const placer = createPlacer({ kind: 'anchor', anchorLonLat: placement.anchor, metresPerUnit }, box);
      return {
        crs: `a local drawing placed at ${placement.anchor.join(', ')} (${metresPerUnit} m per unit)`,
        convert: (x, y) => placer.toLonLat(x, y) as [number, number],
      };
    } catch (e) {
      fail(report, (e as Error).message);
      return null;
    }
  }
  const conv = converterFor(placement.crs, documentCrs, report);
  if (!conv || !placement.lengthUnit) return conv;
  let crsUnit: number | null;
  try {
    crsUnit = crsMetresPerUnit(conv.crs);
  } catch (e) {
    fail(report, `CRS: ${(e as Error).message}`);
    return null;
  }
  if (crsUnit === null) {
    fail(report, `--length-unit ${placement.lengthUnit}: coordinates in ${conv.crs} are degrees, not lengths`);
    return null;
  }
  const factor = LENGTH_UNITS[placement.lengthUnit] / crsUnit;
  if (Math.abs(factor - 1) < 1e-9) return conv;
  return {
    crs: `${conv.crs} (coordinates in ${placement.lengthUnit})`,
    convert: (x, y) => conv.convert(x * factor, y * factor),
  };
}

/** [minX, minY, maxX, maxY] of every position of the features, or null when there is none. */
function extent(features: readonly GeoJsonFeature[]): [number, number, number, number] | null {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      box[0] = Math.min(box[0], c[0]);
      box[1] = Math.min(box[1], c[1]);
      box[2] = Math.max(box[2], c[0]);
      box[3] = Math.max(box[3], c[1]);
      return;
    }
    for (const x of c) visit(x);
  };
  for (const f of features) visit(f.geometry?.coordinates);
  return Number.isFinite(box[0]) ? box : null;
}
