import type { Bbox, Sensor, SensorKind, Utility } from '../../core/model/index.js';
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
}
