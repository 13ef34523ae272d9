import { z } from 'zod';
import { LineCoordsSchema, LonLatSchema, PolygonCoordsSchema } from '../model/geometry.schema.js';
import { UtilitySchema } from '../model/network.schema.js';

/** Deepest dig the check accepts, m (deeper works are tunnels, not excavations). */
export const MAX_DIG_DEPTH_M = 30;
/** Widest trench, m. */
export const MAX_TRENCH_WIDTH_M = 20;

const depthM = z.number().finite().positive().max(MAX_DIG_DEPTH_M).describe('Depth of the dig below ground, m');
const city = z.string().min(1).optional().describe('City id (default: the server default city)');

/** `POST /api/excavations/check` body: a polygon dig, or a trench (a line with a width). Lon/lat WGS84. */
export const ExcavationRequestSchema = z.union([
  z.strictObject({
    polygon: z.strictObject({ type: z.literal('Polygon'), coordinates: PolygonCoordsSchema }),
    depthM,
    city,
  }),
  z.strictObject({
    line: z.strictObject({ type: z.literal('LineString'), coordinates: LineCoordsSchema }),
    widthM: z.number().finite().positive().max(MAX_TRENCH_WIDTH_M).describe('Trench width, m'),
    depthM,
    city,
  }),
]);
export type ExcavationRequest = z.infer<typeof ExcavationRequestSchema>;

/** A crew responsible for an element (its grid cell's crew of that utility). */
export const ResponsibleCrewSchema = z.object({ id: z.string(), name: z.string(), phone: z.string() });

/** One network element the dig reaches (`inside`) or passes within its clearance. Distances in m. */
export const ExcavationItemSchema = z.object({
  id: z.string(),
  element: z.enum(['link', 'node']),
  utility: UtilitySchema,
  kind: z.string(),
  networkId: z.string(),
  horizontalDistanceM: z.number().min(0).describe('Plan distance from the outer surface to the dig; 0 inside'),
  distanceM: z.number().min(0).describe('3D clear distance to the dig solid; 0 when the dig reaches it'),
  verticalDistanceM: z.number().min(0).nullable().describe('Clear distance below the dig where under it; else null'),
  coverDepthM: z.number().min(0).describe('Ground minus top of the element (least along a link)'),
  clearanceM: z.object({ horizontal: z.number(), vertical: z.number() }),
  conflict: z.enum(['inside', 'within-clearance']),
  diameterMm: z.number().nullable(),
  material: z.string().nullable(),
  installYear: z.number().int().nullable(),
  gridId: z.string().nullable(),
  gridCode: z.string().nullable(),
  crew: ResponsibleCrewSchema.nullable(),
  worker: z.string().nullable().describe("The grid cell's responsible worker"),
  buildingId: z.string().nullable().describe('The building a service connection serves'),
});
export type ExcavationItem = z.infer<typeof ExcavationItemSchema>;

export const ExcavationSensorSchema = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string().nullable(),
  position: LonLatSchema,
  /** The element it is mounted on, when that element is in the list. */
  mountedOn: z.string().nullable(),
  horizontalDistanceM: z.number().min(0),
});

export const ExcavationBuildingSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  address: z.string().nullable(),
  /** Its service connections the dig reaches or passes. */
  connectionIds: z.array(z.string()),
});

/** `POST /api/excavations/check` answer. */
export const ExcavationCheckSchema = z.object({
  cityId: z.string(),
  /** The dig's plan outline (a trench buffered by its width), GeoJSON MultiPolygon coordinates. */
  outline: z.array(PolygonCoordsSchema),
  depthM: z.number(),
  areaM2: z.number(),
  items: z.array(ExcavationItemSchema),
  sensors: z.array(ExcavationSensorSchema),
  buildings: z.array(ExcavationBuildingSchema),
  utilities: z.array(UtilitySchema).describe('Utilities with at least one item'),
  clearanceSource: z.string(),
  elapsedMs: z.number(),
});
export type ExcavationCheck = z.infer<typeof ExcavationCheckSchema>;
