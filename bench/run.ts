/**
 * `npm run bench -- [name...]`: runs the named benchmarks (all when none is named) and prints their figures.
 * Each benchmark module exports a function returning named figures; sizes and seeds are printed by the benchmark.
 */
type Bench = () => Promise<Record<string, number | string>>;

const BENCHES: Record<string, () => Promise<Bench>> = {
  grids: async () => (await import('./core/grid-locator.bench.js')).runGridLocatorBench,
  import: async () => (await import('./tiles/import.bench.js')).runImportBench,
  tiles: async () => (await import('./tiles/tiles.bench.js')).runTilesBench,
  sim: async () => (await import('./simulation/simulation.bench.js')).runSimulationBench,
  ingest: async () => (await import('./iot-bridge/ingest.bench.js')).runIngestBench,
  viewer: async () => (await import('./viewer/viewer.bench.js')).runViewerBench,
  digsafe: async () => (await import('./core/digsafe.bench.js')).runDigsafeBench,
  sensors: async () => (await import('./server/sensor-import.bench.js')).runSensorImportBench,
  registry: async () => (await import('./tiles/registry-import.bench.js')).runRegistryImportBench,
  compute: async () => (await import('./server/compute.bench.js')).runComputeBench,
  soak: async () => (await import('./server/soak.bench.js')).runSoakBench,
  readings: async () => (await import('./store/readings.bench.js')).runReadingsBench,
};

async function main(names: string[]): Promise<number> {
  // The soak runs for minutes: only when named.
  const chosen = names.length > 0 ? names : Object.keys(BENCHES).filter((n) => n !== 'soak');
  const unknown = chosen.filter((n) => !(n in BENCHES));
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${Object.keys(BENCHES).join(', ')}`);
    return 2;
  }
  for (const name of chosen) {
    console.log(`\n== bench ${name}`);
    const run = await BENCHES[name]!();
    const figures = await run();
    for (const [key, value] of Object.entries(figures)) {
      console.log(
        `  ${key}: ${typeof value === 'number' ? value.toLocaleString('en', { maximumFractionDigits: 2 }) : value}`,
      );
    }
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
