import type { CityBundle } from '../../core/model/index.js';
import { hyetographFromGauges, type GaugeHyetograph } from '../../core/simulation/index.js';
import type { ReadingsStore } from '../../store/readings/index.js';
import { apiErrors } from '../errors.js';

/** Most readings read per gauge (a day of 10 s readings). */
const MAX_READINGS_PER_GAUGE = 10_000;

/**
 * The city's rain gauges (sensors of kind `rain`, mm/h) over [fromMs, toMs) turned into a hyetograph for the storm
 * router. @throws ApiError 400 when the city has no rain gauge or none has a reading in the window.
 */
export async function gaugeHyetograph(
  readings: ReadingsStore,
  cityId: string,
  bundle: CityBundle,
  window: { fromMs: number; toMs: number; stepMin: number },
): Promise<GaugeHyetograph> {
  const gauges = bundle.sensors.filter((s) => s.kind === 'rain');
  if (gauges.length === 0) throw apiErrors.badRequest(`city ${cityId} has no rain gauges (sensors of kind "rain")`);
  const series = await Promise.all(
    gauges.map(async (g) => ({
      sensorId: g.id,
      readings: await readings.list(cityId, g.id, {
        from: window.fromMs,
        to: window.toMs,
        limit: MAX_READINGS_PER_GAUGE,
      }),
    })),
  );
  const hyetograph = hyetographFromGauges(series, window.fromMs, window.toMs, window.stepMin);
  if (hyetograph === null) {
    throw apiErrors.badRequest(
      `no rain-gauge readings between ${new Date(window.fromMs).toISOString()} and ${new Date(window.toMs).toISOString()} ` +
        `(${gauges.length} gauges: ${gauges
          .slice(0, 5)
          .map((g) => g.id)
          .join(', ')}${gauges.length > 5 ? ', ...' : ''}); choose another window or a design storm`,
    );
  }
  return hyetograph;
}
