import { z } from 'zod';
import { LineCoordsSchema, PolygonCoordsSchema } from './geometry.schema.js';
import { UtilitySchema } from './network.schema.js';

/** A crew responsible for an element (its grid cell's crew of that utility). */
export const ResponsibleCrewSchema = z.object({ id: z.string(), name: z.string(), phone: z.string() });

/** One network element a dig reaches (`inside`) or passes within its clearance. Distances in m. */
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

/** The coordination task of one affected utility: an event routed to that utility's crew. */
export const DigTaskSchema = z.object({
  utility: UtilitySchema,
  eventId: z.string(),
  crewId: z.string().nullable(),
  crewName: z.string().nullable(),
  gridId: z.string().nullable(),
});
export type DigTask = z.infer<typeof DigTaskSchema>;

/** A utility's sign-off of a permit: its crew (or a manager) agrees the dig may go on and be closed. */
export const DigSignOffSchema = z.object({
  utility: UtilitySchema,
  /** User id and username of who signed. */
  by: z.string(),
  byName: z.string(),
  at: z.number().int(),
  note: z.string().default(''),
});
export type DigSignOff = z.infer<typeof DigSignOffSchema>;

/**
 * A dig permit as carried by its events: the permit event (`role: permit`, in the dig's grid cell) holds the geometry,
 * the check's list, the coordination tasks and the sign-offs; each task event (`role: coordination`) holds its
 * utility's part of the list and the permit's id.
 */
export const DigPermitSchema = z.object({
  role: z.enum(['permit', 'coordination']),
  /** The permit event's id (on a coordination task); null on the permit itself. */
  permitEventId: z.string().nullable(),
  /** Plan outline of the dig (a trench buffered by its width), GeoJSON MultiPolygon coordinates, lon/lat. */
  outline: z.array(PolygonCoordsSchema),
  /** The trench's centre line and width, when drawn as a trench. */
  line: LineCoordsSchema.nullable().default(null),
  widthM: z.number().nullable().default(null),
  depthM: z.number(),
  plannedStart: z.string().nullable().default(null),
  plannedEnd: z.string().nullable().default(null),
  /** Utilities with at least one element in the list (on a task: its own). */
  utilities: z.array(UtilitySchema),
  /** Grid cells the dig and the listed elements lie in. */
  gridIds: z.array(z.string()).default([]),
  items: z.array(ExcavationItemSchema),
  tasks: z.array(DigTaskSchema).default([]),
  signOffs: z.array(DigSignOffSchema).default([]),
});
export type DigPermit = z.infer<typeof DigPermitSchema>;
