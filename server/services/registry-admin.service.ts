import type { AuditEntity, AuditAction, CrewWithCells } from '../../core/contracts/index.js';
import { GridLocator, assignGridIds } from '../../core/grid/index.js';
import type { CityBundle, Crew, Grid, Sensor, Thresholds } from '../../core/model/index.js';
import {
  checkGrids,
  crewCells,
  crewFromRecord,
  gridFromRecord,
  isRecordProblem,
  regridCrew,
  type CrewRecord,
  type GridInput,
  type GridQaFinding,
  type SensorRecord,
} from '../../core/registry/index.js';
import type { AuditStore } from '../../store/audit/index.js';
import type { CityStore } from '../../store/index.js';
import { liveDataStores } from '../../store/readings/index.js';
import { ApiError, apiErrors } from '../errors.js';
import type { CityService } from './city.service.js';
import type { SensorService } from './sensor.service.js';

/** Who makes a change (the logged-in user). */
export interface Actor {
  id: string;
  username: string;
}

/**
 * Told after a change of a city's sensors (record, thresholds, cell) is saved, with the ids of sensors deleted: the
 * running bridge reloads its registry and rules from the store, so an edit applies without a restart.
 */
export type SensorsChanged = (cityId: string, removed: readonly string[]) => Promise<void>;

const EMPTY_PARTS = { buildings: [], networks: [], nodes: [], links: [], sensors: [], grids: [], crews: [] };

/**
 * Record-by-record edits of a city's registry (crews, grids, sensors and their thresholds) through the same schemas
 * and conversions as the importers, each recorded in the audit log with the record before and after.
 */
export class RegistryAdminService {
  constructor(
    private readonly store: CityStore,
    private readonly cities: CityService,
    private readonly sensors: SensorService,
    private readonly audit: AuditStore,
    private readonly locate: (cityId: string, lon: number, lat: number) => Promise<string | null>,
    private readonly now: () => number,
    private readonly sensorsChanged: SensorsChanged = async () => undefined,
  ) {}

  private async log(
    actor: Actor,
    cityId: string | null,
    entity: AuditEntity,
    entityId: string,
    action: AuditAction,
    before: unknown,
    after: unknown,
  ): Promise<void> {
    await this.audit.record({ at: this.now(), actor, cityId, entity, entityId, action, before, after });
  }

  private async bundle(city: string | undefined): Promise<CityBundle> {
    const cityId = await this.cities.resolve(city);
    const bundle = await this.store.loadCity(cityId);
    if (!bundle) throw apiErrors.cityNotFound(cityId, []);
    return bundle;
  }

  // --- crews -------------------------------------------------------------------------------------------------

  private crewView(crew: Crew, grids: readonly Grid[]): CrewWithCells {
    return { ...crew, cells: grids.filter((g) => g.crewIds.includes(crew.id)).map((g) => g.id) };
  }

  /** Creates (`expectNew`) or replaces a crew; its cells change only when the record names cells or a polygon. */
  async saveCrew(
    city: string | undefined,
    record: CrewRecord,
    actor: Actor,
    mode: { create: true } | { create: false; id: string },
  ): Promise<CrewWithCells> {
    const bundle = await this.bundle(city);
    const cityId = bundle.city.id;
    if (!mode.create && record.id !== mode.id)
      throw apiErrors.badRequest(`body field id: "${record.id}" differs from the crew in the path (${mode.id})`);
    const existing = bundle.crews.find((c) => c.id === record.id);
    if (mode.create && existing) throw new ApiError('GT_ERR_RECORD_EXISTS', `crew ${record.id} exists in ${cityId}`);
    if (!mode.create && !existing) throw apiErrors.recordNotFound('crew', record.id, cityId);
    let changed: Grid[] = [];
    if (record.cells.length > 0 || record.polygon) {
      const cells = crewCells(record, bundle.grids);
      if (!Array.isArray(cells)) throw apiErrors.badRequest(`body field ${cells.field}: ${cells.message}`);
      changed = regridCrew(bundle.grids, record.id, cells);
    }
    const crew = crewFromRecord(record);
    await this.store.saveCity({ ...EMPTY_PARTS, city: bundle.city, crews: [crew], grids: changed }, 'merge');
    const grids = bundle.grids.map((g) => changed.find((c) => c.id === g.id) ?? g);
    const after = this.crewView(crew, grids);
    const before = existing ? this.crewView(existing, bundle.grids) : null;
    await this.log(actor, cityId, 'crew', crew.id, mode.create ? 'create' : 'update', before, after);
    return after;
  }

  /** Deletes a crew and takes it off every grid's crew list. */
  async deleteCrew(city: string | undefined, id: string, actor: Actor): Promise<void> {
    const bundle = await this.bundle(city);
    const crew = bundle.crews.find((c) => c.id === id);
    if (!crew) throw apiErrors.recordNotFound('crew', id, bundle.city.id);
    const changed = regridCrew(bundle.grids, id, []);
    if (changed.length > 0) await this.store.saveCity({ ...EMPTY_PARTS, city: bundle.city, grids: changed }, 'merge');
    await this.store.deleteRecords(bundle.city.id, 'crews', [id]);
    await this.log(actor, bundle.city.id, 'crew', id, 'delete', this.crewView(crew, bundle.grids), null);
  }

  // --- grids -------------------------------------------------------------------------------------------------

  /**
   * Creates or replaces a grid from the grid file's fields and a GeoJSON polygon; every building, node, link and
   * sensor whose cell changes is re-assigned in the same save. Answers the QA findings of the grid's level.
   */
  async saveGrid(
    city: string | undefined,
    input: GridInput,
    actor: Actor,
    mode: { create: true } | { create: false; id: string },
  ): Promise<{ grid: Grid; qa: GridQaFinding[]; reassigned: number }> {
    const bundle = await this.bundle(city);
    const cityId = bundle.city.id;
    // A grid made by the API or a grid file has its code as id; the demo's and older ones have ids of their own
    // (`grid-<code>`): the path names the grid by id, the body by code, and an edit keeps the id.
    const existing = mode.create
      ? bundle.grids.find((g) => g.id === input.code || g.code === input.code)
      : bundle.grids.find((g) => g.id === mode.id);
    if (mode.create && existing) throw new ApiError('GT_ERR_RECORD_EXISTS', `grid ${input.code} exists in ${cityId}`);
    if (!mode.create && !existing) throw apiErrors.recordNotFound('grid', mode.id, cityId);
    if (existing && !mode.create && input.code !== existing.code)
      throw apiErrors.badRequest(
        `body field code: "${input.code}" differs from the grid in the path (${existing.code})`,
      );
    const { polygon, ...record } = input;
    const others = bundle.grids.filter((g) => g.id !== existing?.id);
    const made = gridFromRecord(record, polygon, others);
    if (isRecordProblem(made)) throw apiErrors.badRequest(`body field ${made.field}: ${made.message}`);
    const grid = existing ? { ...made, id: existing.id } : made;
    const unknownCrew = grid.crewIds.find((c) => !bundle.crews.some((k) => k.id === c));
    if (unknownCrew) throw apiErrors.badRequest(`body field crews: crew "${unknownCrew}" is not a crew of the city`);
    const grids = [...others, grid];
    const reassigned = await this.saveWithCells(bundle, grids, [grid]);
    const qa = checkGrids(
      grids.filter((g) => g.level === grid.level),
      bundle.city.bbox,
    ).filter((f) => f.codes.includes(grid.code));
    await this.log(actor, cityId, 'grid', grid.id, mode.create ? 'create' : 'update', existing ?? null, grid);
    return { grid, qa, reassigned };
  }

  /** Deletes a grid (not one that is a parent); its features are re-assigned to the cells left. */
  async deleteGrid(city: string | undefined, id: string, actor: Actor): Promise<void> {
    const bundle = await this.bundle(city);
    const grid = bundle.grids.find((g) => g.id === id);
    if (!grid) throw apiErrors.recordNotFound('grid', id, bundle.city.id);
    const child = bundle.grids.find((g) => g.parentId === id);
    if (child)
      throw apiErrors.badRequest(`grid ${id} is the parent of ${child.code}: delete or move its children first`);
    const grids = bundle.grids.filter((g) => g.id !== id);
    await this.saveWithCells(bundle, grids, []);
    await this.store.deleteRecords(bundle.city.id, 'grids', [id]);
    await this.log(actor, bundle.city.id, 'grid', id, 'delete', grid, null);
  }

  /** Saves `changedGrids` with every feature whose cell differs under `grids`; answers how many features moved. */
  private async saveWithCells(bundle: CityBundle, grids: Grid[], changedGrids: Grid[]): Promise<number> {
    const copy = {
      buildings: bundle.buildings.map((b) => ({ ...b })),
      nodes: bundle.nodes.map((n) => ({ ...n })),
      links: bundle.links.map((l) => ({ ...l })),
      sensors: bundle.sensors.map((s) => ({ ...s })),
    };
    assignGridIds(copy, new GridLocator(grids));
    const moved = <T extends { gridId: string | null }>(now: T[], was: T[]): T[] =>
      now.filter((x, i) => x.gridId !== was[i]!.gridId);
    const parts = {
      buildings: moved(copy.buildings, bundle.buildings),
      nodes: moved(copy.nodes, bundle.nodes),
      links: moved(copy.links, bundle.links),
      sensors: moved(copy.sensors, bundle.sensors),
    };
    await this.store.saveCity({ ...EMPTY_PARTS, city: bundle.city, grids: changedGrids, ...parts }, 'merge');
    if (parts.sensors.length > 0) await this.sensorsChanged(bundle.city.id, []);
    return parts.buildings.length + parts.nodes.length + parts.links.length + parts.sensors.length;
  }

  // --- sensors -----------------------------------------------------------------------------------------------

  /** Registers or replaces a sensor (the importer's record and conversions), audited. */
  async saveSensor(city: string | undefined, record: SensorRecord, actor: Actor, pathId?: string): Promise<Sensor> {
    const cityId = await this.cities.resolve(city);
    if (pathId !== undefined && record.id !== pathId)
      throw apiErrors.badRequest(`body field id: "${record.id}" differs from the sensor in the path (${pathId})`);
    const before = await this.store.getSensor(cityId, record.id);
    if (pathId !== undefined && !before) throw apiErrors.recordNotFound('sensor', pathId, cityId);
    const sensor = await this.sensors.upsert(cityId, record, this.locate);
    await this.sensorsChanged(cityId, []);
    await this.log(actor, cityId, 'sensor', sensor.id, before ? 'update' : 'create', before, sensor);
    return sensor;
  }

  /** Replaces a sensor's thresholds and rule settings (in the sensor's unit). */
  async setThresholds(city: string | undefined, id: string, thresholds: Thresholds, actor: Actor): Promise<Sensor> {
    const cityId = await this.cities.resolve(city);
    const before = await this.store.getSensor(cityId, id);
    if (!before) throw apiErrors.recordNotFound('sensor', id, cityId);
    const city0 = (await this.store.getCity(cityId))!;
    const after: Sensor = { ...before, thresholds };
    await this.store.saveCity({ ...EMPTY_PARTS, city: city0, sensors: [after] }, 'merge');
    await this.sensorsChanged(cityId, []);
    await this.log(actor, cityId, 'sensor', id, 'update', before, after);
    return after;
  }

  /** Deletes a sensor and its device credential (the device can no longer publish); its readings stay. */
  async deleteSensor(city: string | undefined, id: string, actor: Actor): Promise<void> {
    const cityId = await this.cities.resolve(city);
    const before = await this.store.getSensor(cityId, id);
    if (!before) throw apiErrors.recordNotFound('sensor', id, cityId);
    await this.store.deleteRecords(cityId, 'sensors', [id]);
    await liveDataStores(this.store).devices.delete(cityId, id);
    await this.sensorsChanged(cityId, [id]);
    await this.log(actor, cityId, 'sensor', id, 'delete', before, null);
  }

  // --- accounts ----------------------------------------------------------------------------------------------

  /** Records a change of an account (made by the auth service). */
  async logUser(actor: Actor, id: string, action: AuditAction, before: unknown, after: unknown): Promise<void> {
    await this.log(actor, null, 'user', id, action, before, after);
  }
}
