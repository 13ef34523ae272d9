import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { GridLocator, assignGridIds } from '../../core/grid/index.js';
import type { CityBundle, Grid } from '../../core/model/index.js';
import { bboxOf } from '../../core/geo/index.js';
import {
  CREW_RECORD_FIELDS,
  GRID_RECORD_FIELDS,
  USER_RECORD_FIELDS,
  SENSOR_RECORD_FIELDS,
  parseFieldMap,
  regridCrew,
  type FieldMap,
} from '../../core/registry/index.js';
import { liveDataStores } from '../../store/readings/index.js';
import { provisionMissingDevices } from '../../store/readings/provision-devices.js';
import { readingTopic } from '../../core/contracts/mqtt.js';
import { importSensorFile } from '../../core/registry/sensor-file.js';
import { createReport } from '../report/import-report.js';
import { formatReport } from '../report/print-report.js';
import { cityAround } from '../import/city-extent.js';
import { readFeatureFile } from '../import/registry/feature-file.js';
import { importGridFeatures } from '../import/registry/grid-file.js';
import { importCrewFile } from '../import/registry/crew-file.js';
import { importUserFile } from '../import/registry/user-file.js';
import { readReadingsCsv } from '../import/registry/readings-csv.js';
import { AlertManager, RuleEngine, sensorRules } from '../../core/rules/index.js';
import { DEFAULT_TIME_ZONE, formatCityTime, isTimeZone } from '../../core/time/city-time.js';
import { auditStoreOf } from '../../store/audit/index.js';
import { hashPassword, randomPassword, userStoreOf } from '../../store/users/index.js';
import type { ImportCommandIo } from './import.command.js';

import { REGISTRY_KINDS, type RegistryKind } from './registry-kinds.js';

export { REGISTRY_KINDS, type RegistryKind };

export interface RegistryImportArgs {
  city: string;
  name?: string;
  crs?: string;
  map?: string;
  files: string[];
}

/** The record fields of each registry kind: what `--map` may rename. */
const RECORD_FIELDS: Record<RegistryKind, readonly string[]> = {
  grids: GRID_RECORD_FIELDS,
  sensors: SENSOR_RECORD_FIELDS,
  crews: CREW_RECORD_FIELDS,
  users: USER_RECORD_FIELDS,
  readings: [],
};

/** Parses `--map` for a registry kind; a message on error. */
export function registryFieldMap(kind: RegistryKind, spec: string | undefined): FieldMap | string {
  if (!spec) return {};
  try {
    return parseFieldMap(spec, RECORD_FIELDS[kind]);
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
  const read = await readFeatureFile(file, report);
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

/** Where the one copy of new device credentials goes when `--credentials-out` is not given. */
export function defaultCredentialsPath(dataDir: string, cityId: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  return path.join(dataDir, 'credentials', `${cityId}-devices-${stamp}.csv`);
}

/**
 * `import --city ID --as sensors FILE`: adds or updates the city's sensors (CSV, JSON or GeoJSON), each put in the
 * cell under it; every sensor that has no device credential yet gets one, written once to a CSV file readable by
 * its owner only (the secrets are never printed and cannot be read back: the store keeps only their hashes).
 */
export async function runSensorImport(
  args: RegistryImportArgs & { credentialsOut?: string; delimiter?: string },
  io: ImportCommandIo,
): Promise<number> {
  let map: FieldMap = {};
  try {
    map = args.map ? parseFieldMap(args.map, SENSOR_RECORD_FIELDS) : {};
  } catch (e) {
    io.log(`error: ${(e as Error).message}`);
    return 2;
  }
  const bundle = await io.store.loadCity(args.city);
  if (!bundle) {
    io.log(`error: no city "${args.city}": import its network first (sensors are placed on it)`);
    return 2;
  }
  const t0 = io.now();
  const results = args.files.map((file) =>
    importSensorFile(fs.readFileSync(file, 'utf8'), bundle, {
      source: path.basename(file),
      map,
      delimiter: args.delimiter,
    }),
  );
  for (const r of results) for (const line of formatReport(r.report)) io.log(line);
  io.log(`  read in ${(io.now() - t0).toFixed(0)} ms`);
  if (results.some((r) => !r.parts)) {
    io.log('nothing saved: fix the errors above');
    return 1;
  }
  const sensors = results.flatMap((r) => r.parts!.sensors);
  const counts = assignGridIds({ buildings: [], nodes: [], links: [], sensors }, new GridLocator(bundle.grids));
  const known = new Set(bundle.sensors.map((s) => s.id));
  await io.store.saveCity(
    { ...bundle, buildings: [], networks: [], nodes: [], links: [], grids: [], crews: [], sensors },
    'merge',
  );
  const added = sensors.filter((s) => !known.has(s.id)).length;
  io.log(
    `saved ${sensors.length} sensors into city ${args.city} (${added} new, ${sensors.length - added} updated); ` +
      `${counts.assigned.sensors} in a cell, ${counts.unassigned.sensors} outside every cell`,
  );
  const made = await provisionMissingDevices(
    liveDataStores(io.store).devices,
    args.city,
    sensors.map((s) => s.id),
    io.now(),
  );
  const lines = made.map(({ sensorId, secret }) => [sensorId, sensorId, secret, readingTopic(sensorId)].join(','));
  if (lines.length === 0) {
    io.log('  every sensor already had a device credential: none made, none changed');
    return 0;
  }
  const out = args.credentialsOut ?? defaultCredentialsPath(io.dataDir ?? 'var', args.city, io.now());
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `sensor_id,mqtt_username,mqtt_password,topic\n${lines.join('\n')}\n`, {
    mode: 0o600,
    flag: 'wx',
  });
  io.log(
    `  ${lines.length} device credentials written once to ${out} (owner-only): hand it to the field, then delete it`,
  );
  return 0;
}

/**
 * `import --city ID --as crews FILE`: adds or updates the city's utility crews (CSV, JSON or GeoJSON) and, for each
 * crew that names its cells or a service-area polygon, makes exactly those cells list it. Crews and grids are saved
 * in one transaction; a file with any bad row saves nothing.
 */
export async function runCrewImport(
  args: RegistryImportArgs & { delimiter?: string },
  io: ImportCommandIo,
): Promise<number> {
  const map = registryFieldMap('crews', args.map);
  if (typeof map === 'string') {
    io.log(`error: ${map}`);
    return 2;
  }
  const bundle = await io.store.loadCity(args.city);
  if (!bundle) {
    io.log(`error: no city "${args.city}": import its network and grids first (crews serve its cells)`);
    return 2;
  }
  const t0 = io.now();
  const results = args.files.map((file) =>
    importCrewFile(fs.readFileSync(file, 'utf8'), bundle.grids, {
      source: path.basename(file),
      map,
      delimiter: args.delimiter,
    }),
  );
  for (const r of results) for (const line of formatReport(r.report)) io.log(line);
  io.log(`  read in ${(io.now() - t0).toFixed(0)} ms`);
  if (results.some((r) => !r.parts)) {
    io.log('nothing saved: fix the errors above');
    return 1;
  }
  const crews = results.flatMap((r) => r.parts!.crews);
  const dup = crews.find((c, i) => crews.findIndex((o) => o.id === c.id) !== i);
  if (dup) {
    io.log(`error: crew ${dup.id} is in more than one file; nothing saved`);
    return 1;
  }
  let grids = bundle.grids;
  const changed = new Map<string, Grid>();
  for (const r of results)
    for (const [crewId, cellIds] of r.parts!.cells) {
      for (const g of regridCrew(grids, crewId, cellIds)) changed.set(g.id, g);
      grids = grids.map((g) => changed.get(g.id) ?? g);
    }
  const known = new Set(bundle.crews.map((c) => c.id));
  await io.store.saveCity(
    { ...bundle, buildings: [], networks: [], nodes: [], links: [], sensors: [], grids: [...changed.values()], crews },
    'merge',
  );
  const added = crews.filter((c) => !known.has(c.id)).length;
  io.log(
    `saved ${crews.length} crews into city ${args.city} (${added} new, ${crews.length - added} updated); ` +
      `${changed.size} grids changed their crews`,
  );
  return 0;
}

/** The actor of changes made by an import: the CLI, not a logged-in user. */
const CLI_ACTOR = { id: null, username: 'cli' };

/** Where generated passwords go when `--passwords-out` is not given. */
export function defaultPasswordsPath(dataDir: string, cityId: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  return path.join(dataDir, 'credentials', `${cityId}-users-${stamp}.csv`);
}

/**
 * `import --city ID --as users FILE`: creates or updates accounts (role, name, crew, cells checked against the city).
 * A new account without a password in the file gets a generated one, written once to an owner-only CSV file (never
 * printed); an existing account keeps its password unless the file gives one. Each change goes to the audit log.
 */
export async function runUserImport(
  args: RegistryImportArgs & { delimiter?: string; passwordsOut?: string },
  io: ImportCommandIo,
): Promise<number> {
  const map = registryFieldMap('users', args.map);
  if (typeof map === 'string') {
    io.log(`error: ${map}`);
    return 2;
  }
  const bundle = await io.store.loadCity(args.city);
  if (!bundle) {
    io.log(`error: no city "${args.city}": import its grids and crews first (accounts are checked against them)`);
    return 2;
  }
  const results = args.files.map((file) =>
    importUserFile(fs.readFileSync(file, 'utf8'), bundle, {
      source: path.basename(file),
      map,
      delimiter: args.delimiter,
    }),
  );
  for (const r of results) for (const line of formatReport(r.report)) io.log(line);
  if (results.some((r) => !r.parts)) {
    io.log('nothing saved: fix the errors above');
    return 1;
  }
  const rows = results.flatMap((r) => r.parts!.users);
  const users = userStoreOf(io.store);
  const audit = auditStoreOf(io.store);
  const generated: string[] = [];
  let created = 0;
  let updated = 0;
  for (const row of rows) {
    const existing = await users.getByUsername(row.user.username);
    if (existing) {
      const after = { ...row.user, id: existing.user.id };
      await users.update(after);
      if (row.password) await users.setPassword(after.id, await hashPassword(row.password));
      if (row.password || after.disabled) await users.deleteTokensOf(after.id);
      await audit.record({
        at: io.now(),
        actor: CLI_ACTOR,
        cityId: null,
        entity: 'user',
        entityId: after.id,
        action: 'update',
        before: existing.user,
        after,
      });
      updated++;
      continue;
    }
    const password = row.password ?? randomPassword();
    const user = { ...row.user, id: `u-${randomUUID()}` };
    await users.create(user, await hashPassword(password), io.now());
    await audit.record({
      at: io.now(),
      actor: CLI_ACTOR,
      cityId: null,
      entity: 'user',
      entityId: user.id,
      action: 'create',
      before: null,
      after: user,
    });
    if (!row.password) generated.push(`${user.username},${password}`);
    created++;
  }
  io.log(`saved ${rows.length} accounts (${created} new, ${updated} updated)`);
  if (generated.length > 0) {
    const out = args.passwordsOut ?? defaultPasswordsPath(io.dataDir ?? 'var', args.city, io.now());
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `username,password\n${generated.join('\n')}\n`, { mode: 0o600, flag: 'wx' });
    io.log(
      `  ${generated.length} generated passwords written once to ${out} (owner-only): hand them out, then delete it`,
    );
  }
  return 0;
}

/** Readings written per transaction by the history import (and how often progress is printed). */
const READINGS_BATCH = 20_000;

/**
 * `import --city ID --as readings FILE`: SCADA history from CSV, wide (one column per sensor) or long (sensor, time,
 * value), with `--delimiter`, `--decimal ,`, `--time-format`, `--tz` (default the city's zone) and `--map ID=HEADER`.
 * Readings are stored with their time as sequence number, so a second import of the same file adds nothing. The
 * sensors' rules then run over the new readings in time order, and the alerts they raise are stamped with the
 * readings' times (a 2019 reading raises a 2019 alert). Prints progress and the range each sensor now holds.
 */
export async function runReadingsImport(
  args: RegistryImportArgs & {
    delimiter?: string;
    decimal?: '.' | ',';
    timeFormat?: string;
    tz?: string;
    rules?: boolean;
  },
  io: ImportCommandIo,
): Promise<number> {
  const city = await io.store.getCity(args.city);
  if (!city) {
    io.log(`error: no city "${args.city}": import its sensors first`);
    return 2;
  }
  const timeZone = args.tz ?? city.timeZone ?? DEFAULT_TIME_ZONE;
  if (!isTimeZone(timeZone)) {
    io.log(`error: --tz "${timeZone}" is not an IANA time zone (e.g. Europe/Rome, Asia/Shanghai)`);
    return 2;
  }
  const map: Record<string, string> = {};
  for (const part of (args.map ?? '').split(',').filter((p) => p.trim() !== '')) {
    const m = /^\s*([^=]+?)\s*=\s*(.+?)\s*$/.exec(part);
    if (!m) {
      io.log(`error: --map: "${part}" is not SENSOR_ID=COLUMN`);
      return 2;
    }
    map[m[1]!] = m[2]!;
  }
  const sensors = (await io.store.listSensors(args.city, { limit: 10_000_000 })).items;
  const byId = new Map(sensors.map((s) => [s.id, s]));
  const t0 = io.now();
  const all: { sensorId: string; ts: number; value: number; seq: number }[] = [];
  for (const file of args.files) {
    let result: ReturnType<typeof readReadingsCsv>;
    try {
      result = readReadingsCsv(fs.readFileSync(file, 'utf8'), {
        source: path.basename(file),
        sensorIds: new Set(byId.keys()),
        delimiter: args.delimiter,
        decimal: args.decimal,
        timeFormat: args.timeFormat,
        timeZone,
        map,
        onProgress: (rows) => io.log(`  ${path.basename(file)}: ${rows.toLocaleString('en')} rows read`),
      });
    } catch (e) {
      io.log(`error: ${(e as Error).message}`);
      return 2;
    }
    result.report.assumptions.push(`local times read in ${timeZone}`);
    for (const line of formatReport(result.report)) io.log(line);
    if (!result.readings) {
      io.log('nothing saved: fix the errors above');
      return 1;
    }
    for (const r of result.readings) all.push(r);
  }
  io.log(`  read ${all.length.toLocaleString('en')} readings in ${(io.now() - t0).toFixed(0)} ms`);
  const live = liveDataStores(io.store);
  const t1 = io.now();
  let inserted = 0;
  for (let i = 0; i < all.length; i += READINGS_BATCH) {
    inserted += await live.readings.insert(args.city, all.slice(i, i + READINGS_BATCH), io.now(), { imported: true });
    if (all.length > READINGS_BATCH)
      io.log(
        `  stored ${Math.min(all.length, i + READINGS_BATCH).toLocaleString('en')} / ${all.length.toLocaleString('en')}`,
      );
  }
  io.log(
    `saved ${inserted.toLocaleString('en')} readings into city ${args.city} in ${(io.now() - t1).toFixed(0)} ms` +
      (inserted < all.length ? ` (${all.length - inserted} already stored)` : ''),
  );
  noteRetention(all, io);
  const ids = [...new Set(all.map((r) => r.sensorId))];
  for (const id of ids) {
    const range = await live.readings.range(args.city, id);
    if (range.first !== null && range.last !== null)
      io.log(
        `  ${id}: ${range.count.toLocaleString('en')} readings from ${formatCityTime(range.first, timeZone)} to ` +
          `${formatCityTime(range.last, timeZone)} (${timeZone})`,
      );
  }
  if (args.rules === false) return 0;
  // The rules in event time: each sensor's readings oldest first; alerts stamped with the readings' times.
  const engine = new RuleEngine((id) => {
    const s = byId.get(id);
    return s ? sensorRules(s) : undefined;
  });
  const counts = { raised: 0, cleared: 0 };
  const alerts = new AlertManager({
    cityId: args.city,
    store: live.alerts,
    gridOf: (id) => byId.get(id)?.gridId ?? null,
    onChange: (_a, change) => {
      if (change === 'raised') counts.raised++;
      else if (change === 'cleared') counts.cleared++;
    },
    onError: (e) => io.log(`  warning: an alert was not stored: ${(e as Error).message}`),
  });
  await alerts.load();
  const t2 = io.now();
  const sorted = [...all].sort((a, b) => (a.sensorId < b.sensorId ? -1 : a.sensorId > b.sensorId ? 1 : a.ts - b.ts));
  for (const r of sorted) for (const tr of engine.evaluate(r.sensorId, r.ts, r.value, r.ts)) alerts.apply(tr);
  await alerts.settled();
  io.log(
    `  rules over the history: ${counts.raised} alerts raised, ${counts.cleared} cleared (stamped in event time) ` +
      `in ${(io.now() - t2).toFixed(0)} ms`,
  );
  return 0;
}

/**
 * Imported history is kept by the retention sweep (it deletes live readings only): say so when the history reaches
 * past READINGS_RETENTION_DAYS, so an operator who knows the setting does not expect it to go (or fear that it will).
 */
function noteRetention(readings: readonly { ts: number }[], io: ImportCommandIo): void {
  const days = io.retentionDays;
  if (days === undefined || days <= 0 || readings.length === 0) return;
  const cutoff = io.now() - days * 86_400_000;
  let older = 0;
  for (const r of readings) if (r.ts < cutoff) older++;
  if (older === 0) return;
  io.log(
    `  kept: ${older.toLocaleString('en')} readings are older than READINGS_RETENTION_DAYS (${days} days); ` +
      'retention deletes live readings only, so imported history stays',
  );
}
