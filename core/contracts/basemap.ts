import { z } from 'zod';

/** The drawn layers of a city's basemap, bottom to top. */
export const BASEMAP_LAYERS = ['landuse', 'green', 'water', 'road'] as const;
export const BasemapLayerSchema = z.enum(BASEMAP_LAYERS);
export type BasemapLayer = z.infer<typeof BasemapLayerSchema>;

/**
 * Road classes, widest first: what the drawing keys width, colour and label zoom on. Importers map OSM `highway`
 * values (and Tilezen `kind_detail`) onto these.
 */
export const ROAD_CLASSES = [
  'motorway',
  'trunk',
  'primary',
  'secondary',
  'tertiary',
  'minor',
  'service',
  'path',
  'rail',
  'ferry',
] as const;
export const RoadClassSchema = z.enum(ROAD_CLASSES);
export type RoadClass = z.infer<typeof RoadClassSchema>;

const Position = z.tuple([z.number().finite(), z.number().finite()]);

/** One feature of a basemap: a road (lines) or an area (polygons) with its class and names. */
export const BasemapFeatureSchema = z.object({
  layer: BasemapLayerSchema,
  /** Road class for roads; the source's kind for areas (`park`, `grass`, `residential`, `river`...). */
  kind: z.string().min(1),
  name: z.string().optional(),
  nameEn: z.string().optional(),
  /** A road in a tunnel: drawn faint and dashed (it is not on the ground). */
  tunnel: z.boolean().optional(),
  bridge: z.boolean().optional(),
  /** Line strings of a road, `[lon, lat]` in WGS84 degrees. */
  lines: z.array(z.array(Position).min(2)).optional(),
  /** Polygons (each an outer ring then holes) of an area. */
  polygons: z.array(z.array(z.array(Position).min(4)).min(1)).optional(),
});
export type BasemapFeature = z.infer<typeof BasemapFeatureSchema>;

/**
 * An online imagery source drawn under the city's own basemap (e.g. the city's Tianditu service): off unless a city
 * is given one (`npm run tiles -- basemap --city ID --online URL`); the viewer then asks that server for tiles.
 */
export const OnlineImagerySchema = z.object({
  /** `xyz`: a URL template with {z}/{x}/{y} (and {s} for subdomains); `wmts`: a KVP or RESTful WMTS endpoint. */
  kind: z.enum(['xyz', 'wmts']),
  url: z.string().url(),
  subdomains: z.array(z.string()).optional(),
  /** WMTS layer, style, tile matrix set and format. */
  layer: z.string().optional(),
  style: z.string().optional(),
  tileMatrixSetId: z.string().optional(),
  format: z.string().optional(),
  maximumLevel: z.number().int().min(0).max(22).optional(),
  attribution: z.string().optional(),
});
export type OnlineImagery = z.infer<typeof OnlineImagerySchema>;

/**
 * A city's basemap as the viewer loads it (`/tiles/<city>/basemap/basemap.json`): the city's own roads, water, green
 * and landuse, written by `npm run tiles -- demo` for the demo city and `import --as basemap` for any other.
 */
export const BasemapSchema = z.object({
  cityId: z.string(),
  /** `[west, south, east, north]` of all features. */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  attribution: z.array(z.string()),
  features: z.array(BasemapFeatureSchema),
  /** Drawn under the features when set; none by default (GridTwin asks nothing of the internet unless told). */
  online: OnlineImagerySchema.optional(),
});
export type Basemap = z.infer<typeof BasemapSchema>;
