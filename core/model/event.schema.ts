import { z } from 'zod';
import { LonLatSchema } from './geometry.schema.js';
import { SeveritySchema } from './alert.schema.js';
import { UtilitySchema } from './network.schema.js';
import { DigPermitSchema } from './dig-permit.schema.js';

/**
 * The closed loop: every problem runs discovered -> warned -> assigned -> handling -> resolved -> closed. `recovered`:
 * the alerts behind an event cleared by themselves; it stays open until a crew confirms (resolves) it.
 */
export const EventStateSchema = z.enum([
  'discovered',
  'warned',
  'assigned',
  'handling',
  'recovered',
  'resolved',
  'closed',
  'reopened',
]);
export type EventState = z.infer<typeof EventStateSchema>;

export const EventSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('alert'), alertId: z.string(), sensorId: z.string().nullable(), rule: z.string() }),
  z.object({ kind: z.literal('simulation'), simulationId: z.string() }),
  z.object({ kind: z.literal('report'), reporter: z.string() }),
]);
export type EventSource = z.infer<typeof EventSourceSchema>;

/** One step of an event's life, kept forever as its audit trail. Times are epoch ms. */
export const EventTransitionSchema = z.object({
  from: EventStateSchema.nullable(),
  to: EventStateSchema,
  actor: z.string().min(1),
  at: z.number().int(),
  note: z.string().default(''),
  photoId: z.string().optional(),
  /**
   * What happened, for timelines: a workflow action (`assign`, `resolve`, ...), `report`/`detect` for the creation,
   * `escalate` (overdue; `from` equals `to`) or `repeat` (the same alert fired again). Optional: older records lack it.
   */
  action: z.string().optional(),
});
export type EventTransition = z.infer<typeof EventTransitionSchema>;

export const EventSchema = z.object({
  id: z.string().min(1),
  source: EventSourceSchema,
  category: z.string().min(1),
  /** The title in English (for logs, APIs and records without a template). */
  title: z.string().min(1),
  /** The title as a template key and parameters, so each reader sees it in their language (core/incident/event-title). */
  titleTemplate: z
    .object({ key: z.string().min(1), params: z.record(z.string(), z.union([z.string(), z.number(), z.null()])) })
    .optional(),
  description: z.string().default(''),
  severity: SeveritySchema,
  utility: UtilitySchema.nullable().default(null),
  location: LonLatSchema,
  gridId: z.string().nullable(),
  state: EventStateSchema,
  assignedWorker: z.string().nullable().default(null),
  assignedCrewId: z.string().nullable().default(null),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  slaDueAt: z.number().int(),
  escalationLevel: z.enum(['none', 'street', 'district']).default('none'),
  /** Optimistic-concurrency version: each transition increments it. */
  version: z.number().int().min(0).default(0),
  /** How many alerts (or reports) this event stands for: repeats and further rules of the same sensor raise it. */
  occurrences: z.number().int().min(1).optional(),
  /** Every alert this event stands for (one incident of a sensor: its hi, hihi, rate, flatline, dropout alerts). */
  alertIds: z.array(z.string()).optional(),
  /** A dig permit or one of its coordination tasks (categories `dig-permit`, `dig-coordination`). */
  excavation: DigPermitSchema.optional(),
  transitions: z.array(EventTransitionSchema).default([]),
});
export type Event = z.infer<typeof EventSchema>;
export type EventInput = z.input<typeof EventSchema>;
