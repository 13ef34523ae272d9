import { z } from 'zod';
import type { CrewSchema } from '../model/grid.schema.js';
import { UtilitySchema } from '../model/network.schema.js';
import { PolygonCoordsSchema, MultiPolygonCoordsSchema } from '../model/geometry.schema.js';
import { blankToUndefined, optionalNumber, optionalText, requiredText, textList } from './record-fields.js';

/**
 * A crew's service area as GeoJSON (Polygon or MultiPolygon, WGS84), given as an object (JSON, the API) or as its JSON
 * text in a CSV cell. Read as a MultiPolygon.
 */
export const AreaSchema = z.preprocess(
  (v) => {
    const b = blankToUndefined(v);
    if (typeof b !== 'string') return b;
    try {
      return JSON.parse(b) as unknown;
    } catch {
      return b; // the union below names it
    }
  },
  z
    .union(
      [
        z.object({ type: z.literal('Polygon'), coordinates: PolygonCoordsSchema }),
        z.object({ type: z.literal('MultiPolygon'), coordinates: MultiPolygonCoordsSchema }),
      ],
      { error: 'polygon must be a GeoJSON Polygon or MultiPolygon in lon/lat degrees' },
    )
    .transform((g) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)),
);
/** A service area that may be absent (blank in a CSV cell). */
export const ServiceAreaSchema = z.preprocess(blankToUndefined, AreaSchema.optional());

/**
 * One utility crew of a city's own registry, as a CSV row or JSON object carries it, and as the admin API takes it:
 * `id`, `name` (and `nameEn`), `utility`, `phone`, its base (`lon`, `lat`), and where it answers: `cells` (grid codes
 * or ids, `MO-11;MO-12` in a CSV cell) or a service-area `polygon` (every cell whose label point lies in it).
 */
export const CrewRecordSchema = z
  .object({
    id: requiredText('a crew needs an id').pipe(
      z.string().regex(/^[A-Za-z0-9._-]+$/, 'crew ids are letters, digits, dot, dash and underscore'),
    ),
    name: requiredText('a crew needs a name'),
    nameEn: optionalText,
    utility: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), UtilitySchema),
    phone: requiredText('a crew needs a phone number'),
    lon: optionalNumber.refine((v) => v === undefined || (v >= -180 && v <= 180), 'longitude must be within -180..180'),
    lat: optionalNumber.refine((v) => v === undefined || (v >= -90 && v <= 90), 'latitude must be within -90..90'),
    cells: textList,
    polygon: ServiceAreaSchema,
  })
  .superRefine((r, ctx) => {
    if ((r.lon === undefined) !== (r.lat === undefined))
      ctx.addIssue({ code: 'custom', path: [r.lon === undefined ? 'lon' : 'lat'], message: 'give both lon and lat' });
    if (r.cells.length > 0 && r.polygon)
      ctx.addIssue({ code: 'custom', path: ['polygon'], message: 'give cells or a polygon, not both' });
  });
export type CrewRecord = z.infer<typeof CrewRecordSchema>;
export type CrewRecordInput = z.input<typeof CrewRecordSchema>;

/** The record fields a crew file's columns are read into (the names `--map` may rename). */
export const CREW_RECORD_FIELDS = [
  'id',
  'name',
  'nameEn',
  'utility',
  'phone',
  'lon',
  'lat',
  'cells',
  'polygon',
] as const;

/** The crew a record describes (its cells are resolved by {@link crewCells}). */
export function crewFromRecord(r: CrewRecord): z.infer<typeof CrewSchema> {
  return {
    id: r.id,
    utility: r.utility,
    name: r.name,
    ...(r.nameEn ? { nameEn: r.nameEn } : {}),
    phone: r.phone,
    ...(r.lon !== undefined && r.lat !== undefined ? { base: [r.lon, r.lat] as [number, number] } : {}),
  };
}
