import path from 'node:path';
import { DEFAULT_CLEARANCE_TABLE, DigIndex, prepareDig } from '../../core/excavation/index.js';
import { metresPerDegree } from '../../core/geo/index.js';
import type { LonLat, NetworkLink } from '../../core/model/index.js';
import { SeededRandom } from '../../core/random/index.js';
import { CityNetworksCache } from '../../server/services/city-networks.cache.js';
import { CityService } from '../../server/services/city.service.js';
import { ExcavationService } from '../../server/services/excavation.service.js';
import { openPgliteClient } from '../../store/pglite-client.js';
import { SqlCityStore } from '../../store/sql-city-store.js';
import { buildDemoCity } from '../../tiles/demo/build-demo-city.js';
import { syntheticCityBundle } from '../../tiles/generate/synthetic-city.js';

/** A 50 m trench across the middle of a link, perpendicular to it. */
function trenchAcross(link: NetworkLink): LonLat[] {
  const a = link.path[0]!,
    b = link.path[link.path.length - 1]!;
  const mid: LonLat = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  const k = metresPerDegree(mid[1]);
  const dx = (b[0] - a[0]) * k.lon,
    dy = (b[1] - a[1]) * k.lat;
  const len = Math.hypot(dx, dy) || 1;
  const nx = -dy / len,
    ny = dx / len;
  return [
    [mid[0] - (25 * nx) / k.lon, mid[1] - (25 * ny) / k.lat],
    [mid[0] + (25 * nx) / k.lon, mid[1] + (25 * ny) / k.lat],
  ];
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/**
 * Dig-safe check speed: a 50 m trench (1 m wide, 2 m deep) across random pipes. On the demo city through the service
 * (PGlite store, the city's index warm, as a running server answers); on a synthetic city of 100,000+ links through the
 * core index (building the index is timed apart: a server does it once per city revision).
 */
export async function runDigsafeBench(): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  const rnd = new SeededRandom(15);
  const bundle = await buildDemoCity({
    sourceDir: path.resolve(import.meta.dirname, '..', '..', 'data', 'sources', 'shanghai-osm'),
    seed: 20261122,
    now: Date.now(),
  });
  const client = await openPgliteClient();
  try {
    const store = new SqlCityStore(client);
    await store.migrate();
    await store.saveCity(bundle);
    const service = new ExcavationService(new CityService(store, bundle.city.id), new CityNetworksCache(store));
    const pipes = bundle.links.filter((l) => l.kind === 'pipe' || l.kind === 'conduit' || l.kind === 'duct');
    const t0 = performance.now();
    await service.check({ line: { type: 'LineString', coordinates: trenchAcross(pipes[0]!) }, widthM: 1, depthM: 2 });
    out['demo links'] = bundle.links.length;
    out['demo first check incl. index build ms'] = performance.now() - t0;
    const times: number[] = [];
    let items = 0;
    for (let i = 0; i < 100; i++) {
      const link = pipes[rnd.int(0, pipes.length - 1)]!;
      const s = performance.now();
      const r = await service.check({
        line: { type: 'LineString', coordinates: trenchAcross(link) },
        widthM: 1,
        depthM: 2,
      });
      times.push(performance.now() - s);
      items += r.items.length;
    }
    out['demo 50 m trench check median ms (service, PGlite)'] = percentile(times, 50);
    out['demo 50 m trench check p95 ms'] = percentile(times, 95);
    out['demo items per check (mean)'] = items / times.length;
  } finally {
    await client.close();
  }

  let n = 4000;
  let big = syntheticCityBundle({ buildings: n, seed: 3, now: Date.now() });
  while (big.links.length < 100_000) {
    n = Math.ceil((n * 100_000 * 1.05) / Math.max(1, big.links.length));
    big = syntheticCityBundle({ buildings: n, seed: 3, now: Date.now() });
  }
  const ti = performance.now();
  const index = new DigIndex(big.nodes, big.links, big.city.groundElevationM);
  out['large city links'] = big.links.length;
  out['large city nodes'] = big.nodes.length;
  out['large index build ms (once per city revision)'] = performance.now() - ti;
  const times: number[] = [];
  let items = 0;
  for (let i = 0; i < 100; i++) {
    const link = big.links[rnd.int(0, big.links.length - 1)]!;
    const s = performance.now();
    const dig = prepareDig({ line: trenchAcross(link), widthM: 1, depthM: 2 });
    items += index.check(dig, DEFAULT_CLEARANCE_TABLE).length;
    times.push(performance.now() - s);
  }
  out['large 50 m trench check median ms (core index)'] = percentile(times, 50);
  out['large 50 m trench check p95 ms'] = percentile(times, 95);
  out['large items per check (mean)'] = items / times.length;
  return out;
}
