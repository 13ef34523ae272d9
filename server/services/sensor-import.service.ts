import type { SensorsChanged } from './registry-admin.service.js';
import { readingTopic, type SensorImportAnswer } from '../../core/contracts/index.js';
import { GridLocator, assignGridIds } from '../../core/grid/index.js';
import type { ImportIssue } from '../../core/registry/index.js';
import { importSensorFile, planSensorImport } from '../../core/registry/index.js';
import type { AuditStore } from '../../store/audit/index.js';
import type { CityStore } from '../../store/index.js';
import { liveDataStores } from '../../store/readings/index.js';
import { provisionMissingDevices } from '../../store/readings/provision-devices.js';
import { apiErrors } from '../errors.js';
import type { CityService } from './city.service.js';
import type { Actor } from './registry-admin.service.js';

/** How an upload is read and whether it is only previewed. */
export interface SensorUpload {
  text: string;
  /** File name: its extension says CSV, JSON or GeoJSON (a body starting with `[` or `{` is JSON anyway). */
  source: string;
  delimiter?: string;
  dryRun: boolean;
}

/** An issue as one line: where first (line, feature), then the message that names the field. */
export function issueLine(issue: ImportIssue): string {
  const w = issue.where;
  const at =
    w?.line !== undefined
      ? `line ${w.line}`
      : w?.featureIndex !== undefined
        ? `feature ${w.featureIndex}${w.featureId ? ` (${w.featureId})` : ''}`
        : '';
  return at ? `${at}: ${issue.message}` : issue.message;
}

const MAX_LINES_IN_MESSAGE = 5;

/**
 * The sensor file upload of the admin area: the CLI's `import --as sensors` reading and checks, a preview of what
 * a save changes (created / updated / unchanged, with the fields), then the save: audited sensor by sensor, and a
 * device credential for each sensor that had none, answered once.
 */
export class SensorImportService {
  constructor(
    private readonly store: CityStore,
    private readonly cities: CityService,
    private readonly audit: AuditStore,
    private readonly now: () => number,
    /** Told after a save, so a bridge in this process applies the new sensors and rules at once. */
    private readonly sensorsChanged: SensorsChanged = async () => undefined,
  ) {}

  async upload(city: string | undefined, upload: SensorUpload, actor: Actor): Promise<SensorImportAnswer> {
    const cityId = await this.cities.resolve(city);
    const bundle = await this.store.loadCity(cityId);
    if (!bundle) throw apiErrors.cityNotFound(cityId, []);
    const result = importSensorFile(upload.text, bundle, { source: upload.source, delimiter: upload.delimiter });
    const parts = result.parts ?? { sensors: [], sources: [] };
    // The cell under each sensor, as the CLI assigns it, so a preview shows a cell change too.
    assignGridIds({ buildings: [], nodes: [], links: [], sensors: parts.sensors }, new GridLocator(bundle.grids));
    const registered = new Map(bundle.sensors.map((s) => [s.id, s]));
    const rows = planSensorImport(parts.sensors, parts.sources, (id) => registered.get(id));
    if (parts.sensors.length === 0 && result.report.errors.length === 0)
      result.report.errors.push({ message: 'the file holds no sensors (a header line and one row per sensor)' });
    const counts = { created: 0, updated: 0, unchanged: 0 };
    for (const r of rows) counts[r.status]++;
    const answer: SensorImportAnswer = {
      cityId,
      dryRun: upload.dryRun,
      saved: false,
      counts,
      rows,
      report: result.report,
      credentials: [],
    };
    if (upload.dryRun) return answer;
    const errors = result.report.errors;
    if (errors.length > 0) {
      const listed = errors.slice(0, MAX_LINES_IN_MESSAGE).map(issueLine);
      const more = errors.length - listed.length;
      throw apiErrors.badRequest(
        `${upload.source}: nothing saved: ${listed.join('; ')}${more > 0 ? `; and ${more} more` : ''}`,
      );
    }
    const changed = rows.filter((r) => r.status !== 'unchanged');
    if (changed.length > 0)
      await this.store.saveCity(
        {
          city: bundle.city,
          buildings: [],
          networks: [],
          nodes: [],
          links: [],
          grids: [],
          crews: [],
          sensors: changed.map((r) => r.sensor),
        },
        'merge',
      );
    const at = this.now();
    for (const r of changed)
      await this.audit.record({
        at,
        actor,
        cityId,
        entity: 'sensor',
        entityId: r.id,
        action: r.status === 'created' ? 'create' : 'update',
        before: registered.get(r.id) ?? null,
        after: r.sensor,
      });
    const made = await provisionMissingDevices(
      liveDataStores(this.store).devices,
      cityId,
      rows.map((r) => r.id),
      at,
    );
    await this.sensorsChanged(cityId, []);
    return {
      ...answer,
      saved: true,
      credentials: made.map(({ sensorId, secret }) => ({
        sensorId,
        username: sensorId,
        password: secret,
        topic: readingTopic(sensorId),
      })),
    };
  }
}
