import { z } from 'zod';
import { CrewSchema, EventSchema, RoleSchema, UtilitySchema } from '../model/index.js';
import { pageOf } from './page.js';

/** An event without its audit trail (lists and the live stream carry these). */
export const EventSummarySchema = EventSchema.omit({ transitions: true });
export type EventSummary = z.infer<typeof EventSummarySchema>;

/** GET /api/events (one event, reporting and transitions answer a core/model Event). */
export const EventPageSchema = pageOf(EventSummarySchema);

/** Someone an event may be sent to as its grid worker: the cell's worker of record, or an account serving the cell. */
export const WorkerCandidateSchema = z.object({
  /** What `worker` of an assign/reassign transition takes (events store the worker by name). */
  name: z.string(),
  source: z
    .enum(['cell', 'user', 'current'])
    .describe(
      "cell: the grid record's worker; user: an account serving the cell; " +
        'current: the present assignee, listed by no other source',
    ),
  userId: z.string().nullable(),
  role: RoleSchema.nullable(),
  phone: z.string().nullable(),
  current: z.boolean().describe('Whether the event is assigned to this worker now'),
});
export type WorkerCandidate = z.infer<typeof WorkerCandidateSchema>;

/** A crew an event may be sent to, with why it ranks where it does. */
export const CrewCandidateSchema = CrewSchema.extend({
  matchesUtility: z.boolean().describe('The crew serves the utility the event concerns'),
  servesCell: z.boolean().describe("The event's grid cell names this crew"),
  current: z.boolean().describe('Whether the event is assigned to this crew now'),
});
export type CrewCandidate = z.infer<typeof CrewCandidateSchema>;

/** GET /api/events/:id/assignees: who an event may be assigned to. */
export const EventAssigneesSchema = z.object({
  eventId: z.string(),
  gridId: z.string().nullable(),
  utility: UtilitySchema.nullable(),
  workers: z
    .array(WorkerCandidateSchema)
    .describe("The cell's worker first, then accounts (crew, manager) serving the cell"),
  crews: z
    .array(CrewCandidateSchema)
    .describe("Crews of the event's utility first (those serving its cell ahead), then the others"),
});
export type EventAssignees = z.infer<typeof EventAssigneesSchema>;

/** GET /api/events/:id/photos/:photoId: the image bytes (not JSON). */
export const EventPhotoBytesSchema = z.string().describe('image/jpeg, image/png or image/webp bytes');
