import { z } from 'zod';
import { LineCoordsSchema, LonLatSchema, PolygonCoordsSchema } from '../model/geometry.schema.js';
import { ExcavationItemSchema } from '../model/dig-permit.schema.js';
import { EventSchema } from '../model/event.schema.js';
import { UtilitySchema } from '../model/network.schema.js';

/** Deepest dig the check accepts, m (deeper works are tunnels, not excavations). */
export const MAX_DIG_DEPTH_M = 30;
/** Widest trench, m. */
export const MAX_TRENCH_WIDTH_M = 20;

const depthM = z.number().finite().positive().max(MAX_DIG_DEPTH_M).describe('Depth of the dig below ground, m');
const city = z.string().min(1).optional().describe('City id (default: the server default city)');

const PolygonDig = z.strictObject({
  polygon: z.strictObject({ type: z.literal('Polygon'), coordinates: PolygonCoordsSchema }),
  depthM,
  city,
});
const TrenchDig = z.strictObject({
  line: z.strictObject({ type: z.literal('LineString'), coordinates: LineCoordsSchema }),
  widthM: z.number().finite().positive().max(MAX_TRENCH_WIDTH_M).describe('Trench width, m'),
  depthM,
  city,
});

/** `POST /api/excavations/check` body: a polygon dig, or a trench (a line with a width). Lon/lat WGS84. */
export const ExcavationRequestSchema = z.union([PolygonDig, TrenchDig]);
export type ExcavationRequest = z.infer<typeof ExcavationRequestSchema>;

export { ExcavationItemSchema, ResponsibleCrewSchema, type ExcavationItem } from '../model/dig-permit.schema.js';

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

/** What a permit adds to the dig: its title, what the works are, and when they are planned (ISO 8601 dates). */
const permitFields = {
  title: z.string().trim().min(1).max(200).describe('What the works are, in a few words'),
  description: z.string().max(4000).optional(),
  plannedStart: z.iso
    .date()
    .or(z.iso.datetime({ offset: true }))
    .optional()
    .describe('Planned start, ISO 8601'),
  plannedEnd: z.iso
    .date()
    .or(z.iso.datetime({ offset: true }))
    .optional()
    .describe('Planned end, ISO 8601'),
};

/** `POST /api/excavations` body: the check's body and the permit's fields. */
export const DigPermitRequestSchema = z.union([PolygonDig.extend(permitFields), TrenchDig.extend(permitFields)]);
export type DigPermitRequest = z.infer<typeof DigPermitRequestSchema>;

/** `POST /api/excavations` answer: the permit event, its coordination task events, and the check it was made from. */
export const DigPermitCreatedSchema = z.object({
  permit: EventSchema,
  tasks: z.array(EventSchema),
  check: ExcavationCheckSchema,
});
export type DigPermitCreated = z.infer<typeof DigPermitCreatedSchema>;

/** `POST /api/excavations/:id/sign-off` body: the utility signing (the caller's crew's, or any for a manager). */
export const DigSignOffRequestSchema = z.strictObject({
  utility: UtilitySchema,
  note: z.string().max(2000).optional(),
});
export type DigSignOffRequest = z.infer<typeof DigSignOffRequestSchema>;
