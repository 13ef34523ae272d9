import type { Bbox, Sensor, SensorKind, Utility } from '../../core/model/index.js';
import { isRecordProblem, sensorFromRecord, type SensorRecord } from '../../core/registry/index.js';
import type { CityStore, Page } from '../../store/index.js';
import { apiErrors } from '../errors.js';
import type { CityService } from './city.service.js';

/** The sensors of a city (their registry; readings live elsewhere). */
export class SensorService {
  constructor(
    private readonly store: CityStore,
    private readonly cities: CityService,
  ) {}

  async list(query: {
    city?: string;
    limit: number;
    offset: number;
    bbox?: Bbox;
    kind?: SensorKind;
    utility?: Utility;
  }): Promise<Page<Sensor>> {
    const { city, ...options } = query;
    return this.store.listSensors(await this.cities.resolve(city), options);
  }

  async get(city: string | undefined, id: string): Promise<Sensor> {
    const cityId = await this.cities.resolve(city);
    const sensor = await this.store.getSensor(cityId, id);
    if (sensor === null) throw apiErrors.recordNotFound('sensor', id, cityId);
    return sensor;
  }

  /**
   * Registers or updates a sensor from a registry record (the importers' schema and conversion), placed in the
   * cell under it. Answers 400 naming the field at fault (an unknown node or link, a unit GridTwin cannot convert).
   */
  async upsert(
    city: string | undefined,
    record: SensorRecord,
    locate: (cityId: string, lon: number, lat: number) => Promise<string | null>,
  ): Promise<Sensor> {
    const cityId = await this.cities.resolve(city);
    const [node, link] = await Promise.all([
      record.node ? this.store.getNode(cityId, record.node) : null,
      record.link ? this.store.getLink(cityId, record.link) : null,
    ]);
    const sensor = sensorFromRecord(record, { node: () => node ?? undefined, link: () => link ?? undefined });
    if (isRecordProblem(sensor)) throw apiErrors.badRequest(`body field ${sensor.field}: ${sensor.message}`);
    sensor.gridId = await locate(cityId, sensor.position[0], sensor.position[1]);
    const bundle = await this.store.loadCity(cityId);
    if (!bundle) throw apiErrors.badRequest(`no city ${cityId}`);
    await this.store.saveCity(
      { city: bundle.city, buildings: [], networks: [], nodes: [], links: [], grids: [], crews: [], sensors: [sensor] },
      'merge',
    );
    return sensor;
  }
}
