import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Bbox, Grid } from '../../core/model/index.js';
import { metresPerDegree } from '../../core/geo/index.js';
import { SeededRandom } from '../../core/random/index.js';
import { GridLocator, generateLatticeGrids } from '../../core/grid/index.js';
import { generateDemoGrids } from '../../tiles/demo/demo-grids.js';
import { readDemoGridInput } from '../../tiles/demo/grids/demo-grid-sources.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SEED = 20261122;
const LOOKUPS = 1_000_000;
const RUNS = 5;

/** Uniform random points in a bbox, packed lon, lat, lon, lat... */
function randomPoints(bbox: Bbox, count: number, seed: number): Float64Array {
  const random = new SeededRandom(seed);
  const points = new Float64Array(count * 2);
  for (let i = 0; i < count; i++) {
    points[2 * i] = random.range(bbox[0], bbox[2]);
    points[2 * i + 1] = random.range(bbox[1], bbox[3]);
  }
  return points;
}

/** Best lookups per second over `RUNS` passes of all points (after one warm-up pass); also checks every point hits. */
function measure(locator: GridLocator, points: Float64Array): number {
  const n = points.length / 2;
  let best = 0;
  for (let run = 0; run <= RUNS; run++) {
    let misses = 0;
    const t = performance.now();
    for (let i = 0; i < n; i++) if (locator.locateCellIndex(points[2 * i]!, points[2 * i + 1]!) < 0) misses++;
    const perSecond = n / ((performance.now() - t) / 1000);
    if (misses > 0) throw new Error(`${misses} of ${n} points inside the grid found no cell`);
    if (run > 0) best = Math.max(best, perSecond);
  }
  return Math.round(best);
}

/** A bbox around `center` holding about `cells` square cells of `cellSizeM`. */
function bboxForCells(center: [number, number], cells: number, cellSizeM: number): Bbox {
  const k = metresPerDegree(center[1]);
  const half = (Math.sqrt(cells) * cellSizeM) / 2;
  return [center[0] - half / k.lon, center[1] - half / k.lat, center[0] + half / k.lon, center[1] + half / k.lat];
}

const countCells = (grids: readonly Grid[]): number => grids.filter((g) => g.level === 'cell').length;

/**
 * Point-to-cell lookups per second: against the demo city's grids (generated from the OSM sources) and against
 * 100,000 synthetic lattice cells, with 1,000,000 uniform random points each (best of 5 passes after a warm-up),
 * through the bucket grid and, for comparison, through the R-tree alone.
 */
export async function runGridLocatorBench(): Promise<Record<string, number>> {
  const input = await readDemoGridInput(path.join(ROOT, 'data', 'sources', 'shanghai-osm'), SEED);
  let t = performance.now();
  const demo = generateDemoGrids(input);
  const demoGenerateMs = performance.now() - t;
  const demoLocator = new GridLocator(demo.grids);
  const demoPoints = randomPoints(input.bbox, LOOKUPS, SEED + 1);

  const center: [number, number] = [(input.bbox[0] + input.bbox[2]) / 2, (input.bbox[1] + input.bbox[3]) / 2];
  const latticeBbox = bboxForCells(center, 100_000, 300);
  t = performance.now();
  const lattice = generateLatticeGrids({ bbox: latticeBbox, cellSizeM: 300, seed: SEED });
  const latticeGenerateMs = performance.now() - t;
  t = performance.now();
  const latticeLocator = new GridLocator(lattice);
  const latticeIndexMs = performance.now() - t;
  const latticePoints = randomPoints(latticeBbox, LOOKUPS, SEED + 2);

  console.log(`seed ${SEED}; ${LOOKUPS.toLocaleString('en')} random points per set, best of ${RUNS} passes`);
  console.log(
    `demo: ${countCells(demo.grids)} cells (${demo.grids.length} grids), bbox ${input.bbox.map((v) => v.toFixed(4)).join(',')}`,
  );
  console.log(`lattice: ${countCells(lattice)} cells of ~300 m (${lattice.length} grids)`);
  return {
    'demo cells': countCells(demo.grids),
    'demo generate ms': Number(demoGenerateMs.toFixed(1)),
    'demo lookups/s': measure(demoLocator, demoPoints),
    'demo lookups/s (R-tree only)': measure(new GridLocator(demo.grids, { useBuckets: false }), demoPoints),
    'lattice cells': countCells(lattice),
    'lattice generate ms': Number(latticeGenerateMs.toFixed(1)),
    'lattice index build ms': Number(latticeIndexMs.toFixed(1)),
    'lattice lookups/s': measure(latticeLocator, latticePoints),
    'lattice lookups/s (R-tree only)': measure(new GridLocator(lattice, { useBuckets: false }), latticePoints),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runGridLocatorBench().then(
    (figures) => {
      for (const [name, value] of Object.entries(figures)) console.log(`  ${name}: ${value.toLocaleString('en')}`);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
