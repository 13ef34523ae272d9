import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildStreamedTilesets } from '../../tiles/3dtiles/stream-city-tilesets.js';
import { syntheticCity } from '../../tiles/generate/synthetic-city.js';

const SEED = 42;

interface RunFigures {
  seconds: number;
  buildingsPerSecond: number;
  bytesPerBuilding: number;
  tiles: number;
  peakRssMb: number;
}

/**
 * Generates a synthetic city of `buildings` buildings (seed 42) and streams it into the buildings tileset (networks
 * off: this measures the building path the target is about), writing real files to a temporary folder.
 * Peak RSS is sampled at every tile written and every block read.
 */
async function runOnce(buildings: number, networks: boolean): Promise<RunFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-tiles-bench-'));
  const made = new Set<string>();
  let peak = process.memoryUsage.rss();
  const t0 = performance.now();
  try {
    const city = syntheticCity({ buildings, seed: SEED, now: 0, networks });
    const { layout } = city;
    const summaries = buildStreamedTilesets(
      {
        city: city.city,
        grid: { minE: layout.minE, minN: layout.minN, size: layout.size, level: layout.level },
        chunks: city.chunks(),
        totalBuildings: buildings,
      },
      (file, bytes) => {
        const full = path.join(dir, file);
        const parent = path.dirname(full);
        if (!made.has(parent)) {
          fs.mkdirSync(parent, { recursive: true });
          made.add(parent);
        }
        fs.writeFileSync(full, bytes);
        peak = Math.max(peak, process.memoryUsage.rss());
      },
      {
        networks,
        onProgress: () => {
          peak = Math.max(peak, process.memoryUsage.rss());
        },
      },
    );
    const seconds = (performance.now() - t0) / 1000;
    const b = summaries.find((s) => s.name === 'buildings')!;
    const bytes = networks ? summaries.reduce((s, x) => s + x.stats.bytes, 0) : b.stats.bytes;
    const tiles = summaries.reduce((s, x) => s + x.stats.tiles, 0);
    return {
      seconds,
      buildingsPerSecond: buildings / seconds,
      bytesPerBuilding: bytes / buildings,
      tiles,
      peakRssMb: peak / 1e6,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `npm run bench -- tiles`: buildings per second, bytes per building and peak memory for 100k and 1M generated
 * buildings (generation, tessellation, GLB writing and file writes all included), plus 100k with the seven networks.
 * Target on a 2-core machine: 1M buildings in at most 60 s with at most 2 GB peak RSS.
 */
export async function runTilesBench(): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {
    seed: SEED,
    machine: `${os.cpus().length} cores, node ${process.version}`,
  };
  for (const [label, n] of [
    ['100k', 100_000],
    ['1M', 1_000_000],
  ] as const) {
    const r = await runOnce(n, false);
    out[`${label} buildings: seconds`] = r.seconds;
    out[`${label} buildings: buildings/s`] = Math.round(r.buildingsPerSecond);
    out[`${label} buildings: bytes/building`] = Math.round(r.bytesPerBuilding);
    out[`${label} buildings: tiles`] = r.tiles;
    out[`${label} buildings: peak RSS MB`] = Math.round(r.peakRssMb);
  }
  const net = await runOnce(100_000, true);
  out['100k buildings + 7 networks: seconds'] = net.seconds;
  out['100k buildings + 7 networks: bytes/building (all tilesets)'] = Math.round(net.bytesPerBuilding);
  out['100k buildings + 7 networks: tiles'] = net.tiles;
  out['100k buildings + 7 networks: peak RSS MB'] = Math.round(net.peakRssMb);
  out['1M target (<= 60 s, <= 2048 MB)'] =
    (out['1M buildings: seconds'] as number) <= 60 && (out['1M buildings: peak RSS MB'] as number) <= 2048
      ? 'met'
      : 'MISSED';
  return out;
}
