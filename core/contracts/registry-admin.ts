import { z } from 'zod';
import { CrewSchema, GridSchema, UserSchema } from '../model/index.js';

/** A crew as the admin API answers it: the crew and the ids of the cells it serves. */
export const CrewWithCellsSchema = CrewSchema.extend({
  cells: z.array(z.string()).describe('Ids of the grids whose crew list names this crew'),
});
export type CrewWithCells = z.infer<typeof CrewWithCellsSchema>;

/** One grid QA finding after an admin edit: overlaps and gaps with its level's neighbours, outside the city. */
export const GridQaFindingSchema = z.object({
  kind: z.enum(['overlap', 'gap', 'outside-city']),
  codes: z.array(z.string()),
  areaM2: z.number(),
  at: z.tuple([z.number(), z.number()]),
});

/** POST/PUT /api/grids: the grid saved, the QA findings of its level, how many features changed cell. */
export const GridSavedSchema = z.object({
  grid: GridSchema,
  qa: z.array(GridQaFindingSchema),
  reassigned: z.number().int().describe('Buildings, nodes, links and sensors whose cell changed'),
});

/** DELETE of a registry record or account. */
export const DeletedSchema = z.object({
  deleted: z.string().describe('The id of what was deleted'),
});

/** POST /api/users: the account, and the generated password when the request gave none (shown this once). */
export const CreatedUserSchema = UserSchema.extend({
  password: z.string().optional().describe('Generated password, answered once; absent when the request set one'),
});

/** POST /api/users/:id/password. */
export const PasswordResetAnswerSchema = z.object({
  user: UserSchema,
  password: z.string().optional().describe('Generated password, answered once; absent when the request set one'),
});
