import { z } from 'zod';

/**
 * Settings of the IoT side beyond server/config (MQTT_PORT, MQTT_URL live there). Listed here until they move into
 * config.ts and README.md.
 */
const IotEnvSchema = z.object({
  /** Accept MQTT connections without credentials on the embedded broker (1/0). Default 0. */
  MQTT_ALLOW_ANONYMOUS: z.enum(['0', '1']).default('0'),
  /** Readings older than this many days are deleted; 0 keeps everything. Default 30. */
  READINGS_RETENTION_DAYS: z.coerce.number().min(0).default(30),
  /** Run the demo-sensor simulator inside `npm start` (1/0). Default 1. */
  SIMULATE: z.enum(['0', '1']).default('1'),
  /** Stable id of this bridge's session on an external broker (one per bridge process). */
  BRIDGE_ID: z.string().regex(/^[A-Za-z0-9._-]+$/).optional(),
});
export type IotEnv = z.infer<typeof IotEnvSchema>;

/** Reads the IoT settings, throwing an Error that names each bad variable. */
export function loadIotEnv(env: NodeJS.ProcessEnv = process.env): IotEnv {
  const picked = Object.fromEntries(Object.keys(IotEnvSchema.shape).filter((k) => env[k] !== undefined && env[k] !== '').map((k) => [k, env[k]]));
  const parsed = IotEnvSchema.safeParse(picked);
  if (!parsed.success) {
    throw new Error(`bad configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}
