import { z } from 'zod';

/** GET /api/health. */
export const HealthSchema = z.object({
  status: z
    .enum(['ok', 'degraded'])
    .describe('degraded: the server answers, but storage writes fail or the broker is down'),
  engine: z.enum(['pglite', 'postgres']).describe('The database engine'),
  cities: z.number().int().describe('Number of cities in the store'),
  defaultCity: z.string().describe('The city answered when a request names none'),
  uptimeS: z.number().int().describe('Seconds since the server started'),
  version: z.string().describe('GridTwin version'),
  storage: z
    .object({
      reads: z.literal('ok'),
      writes: z.enum(['ok', 'failing', 'unknown']).describe('unknown: nothing in this process writes readings'),
      lastWriteError: z.string().nullable(),
    })
    .optional(),
  broker: z
    .object({
      kind: z.enum(['embedded', 'external']),
      state: z.enum(['up', 'down']),
      clients: z.number().int().nullable().describe('Open MQTT sockets (embedded broker)'),
    })
    .nullable()
    .optional()
    .describe('The MQTT side of this process; null when it runs none (--server-only)'),
});
export type Health = z.infer<typeof HealthSchema>;

/** GET /api/openapi.json: an OpenAPI 3.1 document (its own schema is the OpenAPI specification's). */
export const OpenApiDocumentSchema = z.record(z.string(), z.unknown());
