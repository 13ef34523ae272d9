import type { DeviceCredentials } from '../ports.js';
import { readingTopic, statusTopic } from '../../core/contracts/mqtt.js';
import type { CityStore } from '../../store/index.js';
import { apiErrors } from '../errors.js';
import type { CityService } from './city.service.js';

/** A new device credential: shown once; only its hash is stored. */
export interface ProvisionedDevice {
  sensorId: string;
  username: string;
  password: string;
  topics: { reading: string; status: string };
}

/** Device credentials for the embedded broker. */
export class DevicesService {
  constructor(
    private readonly store: CityStore,
    private readonly cities: CityService,
    private readonly registry: DeviceCredentials,
  ) {}

  /** Creates or rotates the credential of a sensor of the city. */
  async provision(city: string | undefined, sensorId: string): Promise<ProvisionedDevice> {
    const cityId = await this.cities.resolve(city);
    if ((await this.store.getSensor(cityId, sensorId)) === null)
      throw apiErrors.recordNotFound('sensor', sensorId, cityId);
    const password = await this.registry.provision(sensorId);
    return {
      sensorId,
      username: sensorId,
      password,
      topics: { reading: readingTopic(sensorId), status: statusTopic(sensorId) },
    };
  }

  async revoke(city: string | undefined, sensorId: string): Promise<{ sensorId: string; revoked: boolean }> {
    await this.cities.resolve(city);
    return { sensorId, revoked: await this.registry.revoke(sensorId) };
  }
}
