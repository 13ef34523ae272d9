import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceRegistry } from '../../../iot-bridge/broker/device-auth.js';
import { simulatorSecrets } from '../../../iot-bridge/simulator/simulator-devices.js';
import type { CityStore } from '../../../store/index.js';
import { openFixtureStore } from '../bridge-fixture.js';

describe('iot-bridge/simulator/simulator-devices: restarts rotate no credential', () => {
  let store: CityStore;
  let devices: DeviceRegistry;
  let sensors: Awaited<ReturnType<typeof openFixtureStore>>['city']['sensors'];
  beforeAll(async () => {
    const opened = await openFixtureStore();
    store = opened.store;
    sensors = opened.city.sensors;
    devices = new DeviceRegistry(opened.city.city.id, opened.live.devices);
  });
  afterAll(() => store?.close());

  it('keeps the previous run secrets, provisions only sensors without a credential, leaves real devices alone', async () => {
    expect(sensors.length).toBeGreaterThanOrEqual(3);
    const [real, ...simulated] = sensors;
    const realSecret = await devices.provision(real!.id);
    const first = await simulatorSecrets(devices, sensors, new Map());
    // The real device's credential was made elsewhere: the simulator does not take it over.
    expect(first.has(real!.id)).toBe(false);
    expect([...first.keys()].sort()).toEqual(simulated.map((s) => s.id).sort());
    // A restart: the same secrets, all still valid, and the device's secret still works.
    const second = await simulatorSecrets(devices, sensors, first);
    expect(second).toEqual(first);
    for (const s of simulated) expect(await devices.verify(s.id, first.get(s.id)!)).toBe(true);
    expect(await devices.verify(real!.id, realSecret)).toBe(true);
  });
});
