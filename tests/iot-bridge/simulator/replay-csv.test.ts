import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsvSeries, parseCsvTime, replaySeries } from '../../../iot-bridge/simulator/replay-csv.js';
import { demandFactor, simulateValue } from '../../../iot-bridge/simulator/sensor-models.js';
import { SeededRandom } from '../../../core/random/index.js';
import { startBridgeRig, type BridgeRig } from '../bridge-fixture.js';

const CSV = fs.readFileSync(
  path.join(import.meta.dirname, '..', '..', 'fixtures', 'bwdf-dma-inflows', 'inflow-slice.csv'),
  'utf8',
);

describe('iot-bridge/simulator/replay-csv', () => {
  let rig: BridgeRig;
  beforeAll(async () => {
    rig = await startBridgeRig();
  });
  afterAll(() => rig.close());

  it('parses the BWDF times as Central European time and NaN as gaps', () => {
    expect(parseCsvTime('01/01/2021 00:00')).toBe(Date.parse('2020-12-31T23:00:00Z'));
    expect(parseCsvTime('01/07/2021 12:00')).toBe(Date.parse('2021-07-01T10:00:00Z')); // CEST in summer
    const dma3 = parseCsvSeries(CSV, 'DMA 3');
    expect(dma3.column).toBe('DMA 3 (L/s)');
    expect(dma3.points).toHaveLength(72);
    expect(dma3.points[0]).toEqual({ ts: Date.parse('2020-12-31T23:00:00Z'), value: 3.7 });
    const dma1 = parseCsvSeries(CSV, 1);
    expect(dma1.points.filter((p) => p.value === null).length).toBeGreaterThan(0);
    expect(() => parseCsvSeries(CSV, 'DMA 42')).toThrow(/columns: DMA 1/);
  });

  it('replays a real series onto a sensor topic with device credentials; every non-gap row is stored', async () => {
    const series = parseCsvSeries(CSV, 'DMA 3');
    const password = await rig.devices.provision('sen-f-p1');
    const before = await rig.live.readings.count('fixture-city', 'sen-f-p1');
    const { sent, skipped } = await replaySeries({
      url: rig.url,
      sensorId: 'sen-f-p1',
      series,
      speed: 3_600_000,
      username: 'sen-f-p1',
      password,
    });
    expect(sent + skipped).toBe(72);
    expect(await rig.live.readings.count('fixture-city', 'sen-f-p1')).toBe(before + sent);
  });

  it('simulated pressure falls when demand peaks, and a burst drops it far', () => {
    const sensor = rig.city.sensors.find((s) => s.id === 'sen-p-j2')!;
    const byId = new Map([[sensor.id, sensor]]);
    const night = Date.parse('2026-11-22T19:00:00Z'); // 03:00 in Shanghai
    const morning = Date.parse('2026-11-22T23:30:00Z'); // 07:30
    expect(demandFactor(morning)).toBeGreaterThan(demandFactor(night));
    const value = (t: number, incidents = []) =>
      simulateValue(sensor, t, new SeededRandom(5), { flatUntil: 0, dropUntil: 0, last: 0 }, incidents, byId)!;
    expect(value(morning)).toBeLessThan(value(night));
    const burst = [{ kind: 'burst' as const, centreSensorId: sensor.id, startMs: night - 60_000, durationMs: 150_000 }];
    expect(value(night, burst as never)).toBeLessThan(value(night) - 20);
  });
});
