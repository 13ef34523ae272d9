import { z } from 'zod';

/** A WGS84 position `[lonDeg, latDeg]`, as GeoJSON orders it. */
export const LonLatSchema = z.tuple([z.number().finite().min(-180).max(180), z.number().finite().min(-90).max(90)]);
export type LonLat = z.infer<typeof LonLatSchema>;

/** A closed ring of WGS84 positions (first position repeated last, as GeoJSON). */
export const RingSchema = z.array(LonLatSchema).min(4);
export type Ring = z.infer<typeof RingSchema>;

/** GeoJSON Polygon coordinates: outer ring, then holes. */
export const PolygonCoordsSchema = z.array(RingSchema).min(1);
export type PolygonCoords = z.infer<typeof PolygonCoordsSchema>;

/** GeoJSON MultiPolygon coordinates; every footprint and cell is stored this way so readers handle one shape. */
export const MultiPolygonCoordsSchema = z.array(PolygonCoordsSchema).min(1);
export type MultiPolygonCoords = z.infer<typeof MultiPolygonCoordsSchema>;

/** A polyline of WGS84 positions, at least two. */
export const LineCoordsSchema = z.array(LonLatSchema).min(2);
export type LineCoords = z.infer<typeof LineCoordsSchema>;

/** Axis-aligned WGS84 box `[west, south, east, north]` in degrees. */
export const BboxSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);
export type Bbox = z.infer<typeof BboxSchema>;

/** Free attributes kept from a source (tags, survey fields). Values stay scalar so they fit tiles metadata and SQL. */
export const AttributesSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
export type Attributes = z.infer<typeof AttributesSchema>;

/** Where a record came from; `synthetic` marks generated (not surveyed) data so no one mistakes it for the real thing. */
export const ProvenanceSchema = z.object({
  source: z.string().min(1),
  sourceId: z.string().optional(),
  synthetic: z.boolean().default(false),
});
export type Provenance = z.infer<typeof ProvenanceSchema>;
