import { z } from 'zod';

/**
 * GridTwin's configuration: environment variables with defaults that run the demo city on one machine.
 * Every variable here is listed in README.md; keep the two in step.
 */
export const ConfigSchema = z.object({
  /** HTTP port of the server (viewer, API, tiles, WebSocket). */
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Interface the server listens on. */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Where GridTwin keeps its state: the embedded database, built tiles, the viewer bundle, uploads. */
  DATA_DIR: z.string().min(1).default('var'),
  /** PostgreSQL connection string; when unset, the embedded PGlite database under DATA_DIR/db is used. */
  DATABASE_URL: z.string().url().optional(),
  /**
   * The embedded PGlite on a worker thread of its own (1), so its queries never stall the API and the MQTT ingest, or
   * on the main thread (0). Unset: 1 for the twin and the bridge, 0 for the one-shot CLI commands (README: measured).
   */
  PGLITE_IN_WORKER: z.enum(['0', '1']).optional(),
  /** The city the viewer opens and the API answers for by default. */
  CITY: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/)
    .default('shanghai-lujiazui'),
  /** Seed of the demo city's synthetic parts (networks, grids, workers, sensors). */
  DEMO_SEED: z.coerce.number().int().default(20261122),
  /** Port of the embedded MQTT broker. */
  MQTT_PORT: z.coerce.number().int().min(0).max(65535).default(1883),
  /** An external MQTT broker (mqtt://host:port); when set, no broker is embedded. */
  MQTT_URL: z.string().url().optional(),
  /** Accept MQTT connections without credentials on the embedded broker (1/0). */
  MQTT_ALLOW_ANONYMOUS: z.enum(['0', '1']).default('0'),
  /** Readings older than this many days are deleted; 0 keeps everything. */
  READINGS_RETENTION_DAYS: z.coerce.number().min(0).default(30),
  /**
   * A sensor's dropout (stale or offline alert) becomes an event only after lasting this many seconds without
   * recovery; before that it is an alert alone.
   */
  DROPOUT_EVENT_AFTER_S: z.coerce.number().int().min(0).default(900),
  /**
   * Worker threads for EPANET, gas-plume and storm runs; unset = available cores - 1 (at least 1); 0 runs them on the
   * main thread (for measuring only: a run then stalls the API and the ingest).
   */
  COMPUTE_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
  /** Simulation runs that may wait for a worker; one more answers 503 GT_ERR_COMPUTE_BUSY with Retry-After. */
  COMPUTE_QUEUE_LIMIT: z.coerce.number().int().min(0).max(10_000).default(8),
  /** Photos one user may upload (reports, transitions) in 24 h; one more answers 429 GT_ERR_PHOTO_QUOTA. */
  PHOTO_QUOTA_PER_DAY: z.coerce.number().int().min(0).default(50),
  /** Megabytes of photos one user may upload in 24 h. */
  PHOTO_QUOTA_MB_PER_DAY: z.coerce.number().min(0).default(100),
  /** Run the demo-sensor simulator inside `npm start` (1/0). */
  SIMULATE: z.enum(['0', '1']).default('1'),
  /** Stable id of this bridge's session on an external broker (one per bridge process). */
  BRIDGE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/)
    .optional(),
  /**
   * Join the MQTT 5 shared subscription `$share/gridtwin-bridge/...` on an external broker (1), so several bridges
   * split the device traffic; 0 (default) is a plain subscription. A single bridge should stay on 0: Mosquitto does
   * not keep shared subscriptions across its own restart, so readings sent while the bridge reconnects would be lost.
   */
  BRIDGE_SHARED: z.enum(['0', '1']).default('0'),
  /**
   * With BRIDGE_SHARED=1: this bridge (exactly one of the group) evaluates the rules for every sensor from a plain,
   * non-shared feed, since rule state needs all of a sensor's readings in order (docs/adr/0006).
   */
  BRIDGE_RULES: z.enum(['0', '1']).default('0'),
  /**
   * Build the viewer with handles the browser tests drive it through (`window.gridtwin`, ...) (1/0). Off by default:
   * a production bundle carries none of them.
   */
  VIEWER_TEST_HOOKS: z.enum(['0', '1']).default('0'),
  /**
   * Public read-only mode: `1` lets anonymous visitors read live data (readings, alerts, KPIs, ingest counters, the
   * live stream) without personal data (phones, worker and reporter names, citizens' text); `0` needs a login for it;
   * `demo` (default) is `1` for the synthetic demo city only and `0` for any imported city.
   */
  PUBLIC_READ: z.enum(['0', '1', 'demo']).default('demo'),
  /** Browser origins besides the server's own that may open the live stream, comma-separated (e.g. Vite's dev server). */
  ALLOWED_ORIGINS: z
    .string()
    .regex(
      /^https?:\/\/[^,\s]+(,https?:\/\/[^,\s]+)*$/,
      'a comma-separated list of origins such as http://localhost:5173',
    )
    .optional(),
  /** Log level: error, warn, info, debug. */
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  /** Log lines as JSON (one object a line) or text; unset = text on a terminal, JSON otherwise. */
  LOG_FORMAT: z.enum(['json', 'text']).optional(),
});
export type Config = z.infer<typeof ConfigSchema> & {
  /** DATA_DIR resolved against the working directory. */
  dataDir: string;
};

/** `dir` made absolute against `cwd` (POSIX and Windows absolute paths are kept). */
function resolveDir(dir: string, cwd: string): string {
  if (dir.startsWith('/') || /^[A-Za-z]:[\\/]/.test(dir)) return dir;
  const joined = `${cwd.replace(/[\\/]+$/, '')}/${dir.replace(/^\.\//, '')}`;
  return joined.replace(/\/\.$/, '');
}

/**
 * Reads the configuration from `env`, throwing an Error that names each bad variable. Pure (the caller's environment
 * and working directory come in as arguments), so every entry point (app, CLIs, tests) reads it the same way from core.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd: string = process.cwd()): Config {
  const known = Object.keys(ConfigSchema.shape);
  const picked: Record<string, string> = {};
  for (const key of known) {
    const v = env[key];
    if (v !== undefined && v !== '') picked[key] = v;
  }
  const parsed = ConfigSchema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) => `  ${i.path.join('.')}=${JSON.stringify(picked[String(i.path[0])])}: ${i.message}`,
    );
    throw new Error(`bad configuration:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, dataDir: resolveDir(parsed.data.DATA_DIR, cwd) };
}
