import type { Logger } from 'pino';
import { loadConfig } from '../core/config/config.js';
import { createLogger } from './startup/logger.js';
import { prepareViewer } from './startup/prepare-assets.js';
import { startTwin, type RunningTwin } from './startup/start-twin.js';

/**
 * `npm start`: one process with everything on loopback: it builds what is missing (viewer bundle, demo city, 3D
 * Tiles), starts the embedded MQTT broker and bridge, serves the viewer, API, tiles and live stream, and runs the
 * demo sensor simulator. `npm run server` (--server-only) serves alone, against an external broker's bridge.
 */
let logger: Logger = createLogger({ LOG_LEVEL: 'info', LOG_FORMAT: undefined });
const log = (line: string) => logger.info(line.trim());

/** The whole shutdown at most this long, ms. */
const SHUTDOWN_BOUND_MS = 10_000;

async function main(): Promise<void> {
  const t0 = Date.now();
  const config = loadConfig();
  logger = createLogger(config);
  const serverOnly = process.argv.includes('--server-only');
  log(
    `GridTwin: data in ${config.dataDir}, database ${config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite'}`,
  );
  let twin: RunningTwin | null = null;
  /**
   * The one shutdown path, for SIGINT, SIGTERM and SIGHUP from any parent: idempotent (Ctrl+C through npm and tsx
   * delivers the signal to every process of the group and tsx relays it once more; a second signal must not kill the
   * process half-way, leaving the database lock and an unflushed store), each step bounded (RunningTwin.stop), and the
   * whole bounded by SHUTDOWN_BOUND_MS: past it the process exits anyway (the 'exit' hook still removes the lock).
   */
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      log(`${signal}: already stopping`);
      return;
    }
    stopping = true;
    const t0 = Date.now();
    log(`${signal}: shutting down`);
    setTimeout(() => {
      log(`shutdown did not finish within ${SHUTDOWN_BOUND_MS / 1000} s; exiting`);
      process.exit(1);
    }, SHUTDOWN_BOUND_MS).unref();
    await twin?.stop();
    log(`stopped in ${Date.now() - t0} ms`);
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));
  log('[1/6] viewer bundle');
  await prepareViewer(config, log);
  twin = await startTwin(config, { log, logger: logger.child({ component: 'http' }), serverOnly });
  log(
    `\nGridTwin is running at http://localhost:${config.PORT}  (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s; Ctrl+C stops it)`,
  );
}

main().catch((err: unknown) => {
  logger.fatal(`GridTwin could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
