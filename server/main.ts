import http from 'node:http';
import { loadConfig, type Config } from './config/config.js';
import { openStore, type CityStore } from './store/index.js';
import { createApp } from './app/create-app.js';
import { mountStatic } from './app/static.js';
import { buildViewer, isViewerBuilt, viewerOutDir } from '../viewer/build/build-viewer.js';
import { buildAndSaveDemoCity, DEMO_CITY_ID } from '../tiles/commands/demo.command.js';
import path from 'node:path';

const log = (line: string) => console.log(line);

/** Builds what is missing (viewer bundle, demo city), so a second start reuses the first one's work. */
async function prepare(config: Config, store: CityStore): Promise<void> {
  log('[1/3] viewer bundle');
  if (isViewerBuilt(config.dataDir)) log(`  up to date in ${viewerOutDir(config.dataDir)}`);
  else await buildViewer(config.dataDir, log);

  log(`[2/3] city ${config.CITY}`);
  const existing = await store.getCity(config.CITY);
  if (config.CITY === DEMO_CITY_ID && (!existing || existing.seed !== config.DEMO_SEED)) {
    log(existing ? `  rebuilding: stored seed ${existing.seed} differs from DEMO_SEED ${config.DEMO_SEED}` : '  building the demo city (first start)');
    await buildAndSaveDemoCity(config.DEMO_SEED, { store, log, now: Date.now });
  } else if (!existing) {
    throw new Error(`city "${config.CITY}" is not in the store: import it with \`npm run tiles -- import --city ${config.CITY} ...\`, or unset CITY for the demo city`);
  } else {
    const counts = await store.countCity(config.CITY);
    log(`  in the store: ${Object.entries(counts).map(([k, v]) => `${v.toLocaleString('en')} ${k}`).join(', ')}`);
  }
}

function listen(server: http.Server, config: Config): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(new Error(`port ${config.PORT} is in use (another GridTwin or another server?): stop it, or start with PORT=8081 npm start`));
      } else reject(err);
    });
    server.listen(config.PORT, config.HOST, () => resolve());
  });
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const config = loadConfig();
  log(`GridTwin: data in ${config.dataDir}, database ${config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite'}`);
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.DATABASE_URL });
  let server: http.Server | undefined;
  const shutdown = async (signal: string) => {
    log(`\n${signal}: shutting down`);
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    await prepare(config, store);
    log('[3/3] server');
    const app = createApp({ store, config });
    mountStatic(app, { viewerDir: viewerOutDir(config.dataDir), tilesDir: path.join(config.dataDir, 'tiles') });
    server = http.createServer(app);
    await listen(server, config);
  } catch (err) {
    await store.close();
    throw err;
  }
  log(`\nGridTwin is running at http://localhost:${config.PORT}  (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s; Ctrl+C stops it)`);
}

main().catch((err: unknown) => {
  console.error(`\nGridTwin could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
