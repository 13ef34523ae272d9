import path from 'node:path';
import { GridLocator, assignGridIds } from '../../core/grid/index.js';
import type { CityBundle, Grid } from '../../core/model/index.js';
import { bboxOf } from '../../core/geo/index.js';
import { GRID_RECORD_FIELDS, parseFieldMap, type FieldMap } from '../../core/registry/index.js';
import { createReport } from '../report/import-report.js';
import { formatReport } from '../report/print-report.js';
import { cityAround } from '../import/city-extent.js';
import { readFeatureFile } from '../import/registry/feature-file.js';
import { importGridFeatures } from '../import/registry/grid-file.js';
import type { ImportCommandIo } from './import.command.js';

/** The registries `import --as KIND` reads. */
export const REGISTRY_KINDS = ['grids'] as const;
export type RegistryKind = (typeof REGISTRY_KINDS)[number];

export interface RegistryImportArgs {
  city: string;
  name?: string;
  crs?: string;
  map?: string;
  files: string[];
}

/** Parses `--map` for a registry kind; a message on error. */
export function registryFieldMap(kind: RegistryKind, spec: string | undefined): FieldMap | string {
  if (!spec) return {};
  try {
    return parseFieldMap(spec, kind === 'grids' ? GRID_RECORD_FIELDS : []);
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * `import --city ID --as grids FILE`: the city's grids become the file's (the previous grids go), every building,
 * node, link and sensor is re-assigned to the cell under it, all in one save. Nothing is saved on an error; the QA
 * findings (overlaps, gaps, grids outside the city) are printed as warnings.
 */
export async function runGridImport(args: RegistryImportArgs, io: ImportCommandIo): Promise<number> {
  const map = registryFieldMap('grids', args.map);
  if (typeof map === 'string') {
    io.log(`error: ${map}`);
    return 2;
  }
  if (args.files.length !== 1) {
    io.log('error: --as grids takes one file');
    return 2;
  }
  const file = args.files[0]!;
  const existing = await io.store.loadCity(args.city);
  const report = createReport(path.basename(file), 'grids');
  const t0 = io.now();
  const read = readFeatureFile(file, report);
  if (!read) {
    for (const line of formatReport(report)) io.log(line);
    io.log('nothing saved: fix the errors above');
    return 1;
  }
  const result = importGridFeatures(read.features, {
    source: path.basename(file),
    crs: args.crs,
    crsName: read.crsName,
    map,
    cityBbox: existing?.city.bbox ?? null,
  });
  for (const line of formatReport(result.report)) io.log(line);
  io.log(`  read and checked in ${(io.now() - t0).toFixed(0)} ms`);
  if (!result.parts) {
    io.log('nothing saved: fix the errors above');
    return 1;
  }
  const grids = result.parts.grids;
  if (grids.length === 0) {
    io.log('nothing saved: the file holds no grids');
    return 1;
  }
  const bundle: CityBundle = existing ?? {
    city: cityAround(args.city, args.name ?? args.city, bboxOf(grids.flatMap((g) => g.polygon)), io.now()),
    buildings: [],
    networks: [],
    nodes: [],
    links: [],
    sensors: [],
    grids: [],
    crews: [],
  };
  const unknownCrews = unknownCrewIds(grids, bundle);
  if (unknownCrews.length > 0)
    io.log(`  warning: crews named in the file but not registered: ${unknownCrews.slice(0, 10).join(', ')}`);
  const assigned = saveGrids(bundle, grids);
  const t1 = io.now();
  await io.store.saveCity(assigned.bundle, 'replace');
  const c = assigned.counts;
  io.log(
    `saved ${grids.length} grids into city ${args.city} in ${(io.now() - t1).toFixed(0)} ms; re-assigned to cells: ` +
      `${c.assigned.buildings} buildings, ${c.assigned.nodes} nodes, ${c.assigned.links} links, ${c.assigned.sensors} sensors` +
      ` (outside every cell: ${c.unassigned.buildings} buildings, ${c.unassigned.nodes} nodes, ${c.unassigned.links} links, ${c.unassigned.sensors} sensors)`,
  );
  return 0;
}

function unknownCrewIds(grids: readonly Grid[], bundle: CityBundle): string[] {
  const known = new Set(bundle.crews.map((c) => c.id));
  return [...new Set(grids.flatMap((g) => g.crewIds))].filter((id) => !known.has(id));
}

/** The bundle with its grids replaced and every feature re-assigned to the cell under it. */
export function saveGrids(
  bundle: CityBundle,
  grids: Grid[],
): { bundle: CityBundle; counts: ReturnType<typeof assignGridIds> } {
  const next: CityBundle = { ...bundle, grids };
  const counts = assignGridIds(next, new GridLocator(grids));
  return { bundle: next, counts };
}
