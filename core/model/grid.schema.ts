import { z } from 'zod';
import { MultiPolygonCoordsSchema, LonLatSchema } from './geometry.schema.js';
import { UtilitySchema } from './network.schema.js';

/** Levels of grid management (网格化管理), coarse to fine. */
export const GridLevelSchema = z.enum(['district', 'street', 'community', 'cell']);
export type GridLevel = z.infer<typeof GridLevelSchema>;
export const GRID_LEVELS: readonly GridLevel[] = GridLevelSchema.options;

export const PersonSchema = z.object({
  name: z.string().min(1),
  /** The name in English (pinyin for a Chinese name), for readers of the English UI. */
  nameEn: z.string().min(1).optional(),
  phone: z.string().min(1),
});
export type Person = z.infer<typeof PersonSchema>;

/** The utility crew that answers for a network in a grid. */
export const CrewSchema = z.object({
  id: z.string().min(1),
  utility: UtilitySchema,
  name: z.string().min(1),
  nameEn: z.string().optional(),
  phone: z.string().min(1),
  /** Where the crew starts from (for arcs and travel estimates). */
  base: LonLatSchema.optional(),
});
export type Crew = z.infer<typeof CrewSchema>;

/**
 * A management grid at any level. Cells (the leaves) have a responsible worker and crews; the polygons of one
 * level tile their parent with no gaps or overlaps.
 */
export const GridSchema = z.object({
  id: z.string().min(1),
  level: GridLevelSchema,
  code: z.string().min(1),
  name: z.string().min(1),
  nameEn: z.string().optional(),
  parentId: z.string().nullable(),
  polygon: MultiPolygonCoordsSchema,
  /** A point inside the polygon for labels and fly-to. */
  labelPosition: LonLatSchema,
  areaM2: z.number().finite().min(0),
  worker: PersonSchema.optional(),
  crewIds: z.array(z.string()).default([]),
});
export type Grid = z.infer<typeof GridSchema>;
export type GridInput = z.input<typeof GridSchema>;
