import { z } from 'zod';
import { AlertSchema } from '../model/index.js';
import { EventSummarySchema } from './events.js';

/** The path of the live WebSocket (GET without an upgrade describes it). */
export const LIVE_PATH = '/api/live';

/** The latest known state of one sensor, as browsers get it. */
export const LiveSensorStateSchema = z.object({
  sensorId: z.string(),
  ts: z.number().describe('Epoch ms of the value (or of the status change when no value is known)'),
  value: z.number().nullable(),
  status: z.enum(['online', 'offline']).nullable(),
});
export type LiveSensorState = z.infer<typeof LiveSensorStateSchema>;

/** First message to a client: everything current, with the sequence number the deltas continue from. */
export const LiveSnapshotSchema = z.object({
  type: z.literal('snapshot'),
  seq: z.number().int().min(0),
  sensors: z.array(LiveSensorStateSchema),
  alerts: z.array(AlertSchema).describe('Open alerts'),
  events: z.array(EventSummarySchema).describe('Open events, most recently changed first'),
});
export type LiveSnapshot = z.infer<typeof LiveSnapshotSchema>;

/**
 * A change set; `seq` increases by one per delta. A client that reconnects with `?since=<seq>` is sent the deltas it
 * missed (the same messages again), or a fresh snapshot when they are no longer kept: resuming has no message of its own.
 */
export const LiveDeltaSchema = z.object({
  type: z.literal('delta'),
  seq: z.number().int().min(1),
  at: z.number().describe('Epoch ms the delta was built'),
  sensors: z.array(LiveSensorStateSchema).describe('Latest state per sensor changed since the last delta'),
  alerts: z
    .array(AlertSchema)
    .describe('Every alert change since the last delta, in order: an alert may appear more than once, its last wins'),
  events: z.array(EventSummarySchema).describe('Events created or changed since the last delta'),
});
export type LiveDelta = z.infer<typeof LiveDeltaSchema>;

/** Every message the server sends on /api/live. */
export const LiveMessageSchema = z.discriminatedUnion('type', [LiveSnapshotSchema, LiveDeltaSchema]);
export type LiveMessage = z.infer<typeof LiveMessageSchema>;

/** GET /api/live without an upgrade. */
export const LiveInfoSchema = z.object({
  websocket: z.string(),
  currentSeq: z.number().int(),
  clients: z.number().int(),
});
