import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { registerEpsgLookup } from '../../core/geo/index.js';

/** One entry of the epsg-index package (`s/<code>.json`: one small file per code, read on demand). */
interface EpsgEntry {
  code: string;
  kind: string;
  name: string;
  wkt?: string;
  proj4?: string;
}

const require = createRequire(import.meta.url);
let folder: string | undefined;

function entry(code: number): EpsgEntry | undefined {
  folder ??= join(dirname(require.resolve('epsg-index/package.json')), 's');
  try {
    return JSON.parse(readFileSync(join(folder, `${code}.json`), 'utf8')) as EpsgEntry;
  } catch {
    return undefined;
  }
}

let proj4List: Record<string, [string, string]> | undefined;

/**
 * The proj4 definition of an EPSG code, no hand table: first from proj4-list (5,400 codes written for proj4js,
 * with the 7-parameter datum shifts proj4js applies correctly, e.g. RD New within a metre), else from epsg-index
 * (every EPSG CRS; its shifts use PROJ conventions that can be off by ~170 m in proj4js). Three fixes make
 * epsg-index definitions usable in proj4js: a compound CRS (CityJSON's EPSG:7415 = RD New + NAP height) is placed
 * through its horizontal part, which carries the datum shift the compound's own proj4 lacks; a NTv2 grid file
 * (not shipped; proj4js fails on a missing one even when optional) is left out, so the conversion runs without the
 * grid's datum correction (~100 m for OSGB36: a known limit, say `--crs '+proj=...+towgs84=...'` for better); `+type=crs` is dropped.
 */
export function epsgProj4(code: number): string | undefined {
  proj4List ??= require('proj4-list') as Record<string, [string, string]>;
  const listed = proj4List[`EPSG:${code}`]?.[1];
  if (listed) return listed.trim();
  const e = entry(code);
  if (!e || !e.kind.startsWith('CRS-')) return undefined;
  if (e.kind === 'CRS-COMPOUNDCRS' && e.wkt) {
    for (const m of e.wkt.matchAll(/AUTHORITY\["EPSG","(\d+)"\]/g)) {
      const inner = Number(m[1]);
      if (inner === code) continue;
      const h = entry(inner);
      if (h && (h.kind === 'CRS-PROJCRS' || h.kind === 'CRS-GEOGCRS')) return epsgProj4(inner);
    }
  }
  const def = e.proj4 || e.wkt;
  if (!def) return undefined;
  return def
    .replace(/\+type=crs\s*/, '')
    .replace(/\+nadgrids=(?!@null)\S+\s*/, '')
    .trim();
}

/** The EPSG name of a code (`OSGB36 / British National Grid`), for messages. */
export function epsgName(code: number): string | undefined {
  return entry(code)?.name;
}

registerEpsgLookup(epsgProj4);
