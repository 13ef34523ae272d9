import { z } from 'zod';

/** GET /api/health. */
export const HealthSchema = z.object({
  status: z.literal('ok'),
  engine: z.enum(['pglite', 'postgres']).describe('The database engine'),
  cities: z.number().int().describe('Number of cities in the store'),
  defaultCity: z.string().describe('The city answered when a request names none'),
  uptimeS: z.number().int().describe('Seconds since the server started'),
  version: z.string().describe('GridTwin version'),
});
export type Health = z.infer<typeof HealthSchema>;

/** GET /api/openapi.json: an OpenAPI 3.1 document (its own schema is the OpenAPI specification's). */
export const OpenApiDocumentSchema = z.record(z.string(), z.unknown());
