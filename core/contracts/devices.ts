import { z } from 'zod';

/** POST /api/devices/:id/credentials: the password is shown only in this answer. */
export const DeviceCredentialsSchema = z.object({
  sensorId: z.string(),
  username: z.string(),
  password: z.string(),
  topics: z.object({ reading: z.string(), status: z.string() }),
});
export type DeviceCredentialsAnswer = z.infer<typeof DeviceCredentialsSchema>;

/** DELETE /api/devices/:id/credentials. */
export const DeviceRevokedSchema = z.object({ sensorId: z.string(), revoked: z.boolean() });
