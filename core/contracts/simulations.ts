import { z } from 'zod';
import { EventSchema } from '../model/index.js';

export const SimulationKindSchema = z.enum(['burst', 'storm', 'gas-leak']);

/** POST /api/simulations: the run and its result (the result's shape depends on the kind). */
export const SimulationRunSchema = z.object({
  id: z.string(),
  kind: SimulationKindSchema,
  result: z.record(z.string(), z.unknown()),
});
export type SimulationRun = z.infer<typeof SimulationRunSchema>;

/** GET /api/simulations/:id: a stored run with its request. */
export const StoredSimulationRunSchema = SimulationRunSchema.extend({
  cityId: z.string(),
  createdAt: z.number(),
  request: z.unknown(),
});

/** POST /api/simulations/:id/events: the run's events, `created` of them new. */
export const SimulationEventsSchema = z.object({
  items: z.array(EventSchema),
  total: z.number().int(),
  created: z.number().int(),
});
