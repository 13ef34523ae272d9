import { z } from 'zod';
import { CrewSchema, GridSchema, PersonSchema } from '../model/index.js';
import { pageOf } from './page.js';

/** GET /api/grids (GET /api/grids/:id answers a core/model Grid). */
export const GridPageSchema = pageOf(GridSchema);

/** A crew as the API answers it: without `phone` for an anonymous reader in public read-only mode. */
export const CrewAnswerSchema = CrewSchema.extend({
  phone: CrewSchema.shape.phone.optional().describe('Absent for anonymous readers (PUBLIC_READ mode)'),
});

export type CrewAnswer = z.infer<typeof CrewAnswerSchema>;

/** GET /api/crews. */
export const CrewPageSchema = pageOf(CrewAnswerSchema);

/** GET /api/grids/locate: the cell under a point with its parents, worker and crews. */
export const LocatedCellSchema = z.object({
  cell: GridSchema,
  hierarchy: z.array(GridSchema).describe('From the root down: [district, street, community, cell]'),
  worker: PersonSchema.nullable().describe('The grid worker responsible for the cell (null for anonymous readers)'),
  crews: z.array(CrewAnswerSchema).describe('The utility crews that answer for the cell'),
});
export type LocatedCell = z.infer<typeof LocatedCellSchema>;
