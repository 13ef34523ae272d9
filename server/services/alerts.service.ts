import type { Alert, AlertState } from '../../core/model/index.js';
import type { AlertsStore } from '../../store/readings/index.js';
import type { Page } from '../../store/index.js';
import { ApiError } from '../errors.js';
import type { CityService } from './city.service.js';

/** Acknowledges an open alert in the bridge that owns it (null when there is no open alert with this id). */
export type Acknowledger = (id: string) => Promise<Alert | null>;

/** Alerts raised by the bridge's rules. */
export class AlertsService {
  constructor(
    private readonly cities: CityService,
    private readonly alerts: AlertsStore,
    private readonly acknowledger: Acknowledger | null,
  ) {}

  async list(query: {
    city?: string;
    state?: AlertState | 'open';
    sensor?: string;
    limit: number;
    offset: number;
  }): Promise<Page<Alert>> {
    const cityId = await this.cities.resolve(query.city);
    return this.alerts.list(cityId, {
      limit: query.limit,
      offset: query.offset,
      ...(query.state === undefined ? {} : { state: query.state }),
      ...(query.sensor === undefined ? {} : { sensorId: query.sensor }),
    });
  }

  async acknowledge(city: string | undefined, id: string): Promise<Alert> {
    const cityId = await this.cities.resolve(city);
    const alert = this.acknowledger ? await this.acknowledger(id) : await this.acknowledgeStored(cityId, id);
    if (alert === null) throw new ApiError('GT_ERR_ALERT_NOT_FOUND', `no open alert ${id} in city ${cityId}`);
    return alert;
  }

  /** Without a bridge in this process: acknowledge in the store (the bridge reads it back on its next restart). */
  private async acknowledgeStored(cityId: string, id: string): Promise<Alert | null> {
    const alert = await this.alerts.get(cityId, id);
    if (alert === null || alert.state === 'cleared') return null;
    const next: Alert = { ...alert, state: 'acknowledged', updatedAt: Date.now() };
    await this.alerts.save(cityId, next);
    return next;
  }
}
