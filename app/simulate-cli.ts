/**
 * `npm run simulate -- [options]`: the demo sensors as MQTT devices, or `--replay file.csv` onto one sensor.
 *   --url mqtt://host:port   broker (default: the one `npm start` wrote to DATA_DIR/simulator-devices.json, else MQTT_URL)
 *   --speed N                report N times as often (simulation) / N-fold time compression (replay, default 3600)
 *   --duration S             stop after S seconds (default: until Ctrl+C)
 *   --replay FILE --sensor ID [--column NAME|N] [--keep-time]
 *            [--username U --password P | --credentials FILE]   any sensor's device login (the credentials file
 *                                                               written by `import --as sensors`); default the demo's
 */
import { loadConfig } from '../core/config/config.js';
import { readSimulatorDevices } from '../iot-bridge/simulator/simulator-devices.js';
import { startSimulator } from '../iot-bridge/simulator/simulator.js';
import { scriptedIncidents } from '../iot-bridge/simulator/sensor-models.js';
import { readCsvSeries, replaySeries } from '../iot-bridge/simulator/replay-csv.js';
import { loginFromCredentialsFile, type DeviceLogin } from '../iot-bridge/simulator/replay-credentials.js';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const devices = readSimulatorDevices(config.dataDir);
  const url = option('url') ?? devices?.url ?? config.MQTT_URL ?? `mqtt://127.0.0.1:${config.MQTT_PORT}`;
  const external = devices === null || (option('url') !== undefined && option('url') !== devices.url);
  const speed = option('speed') === undefined ? undefined : Number(option('speed'));
  const replay = option('replay');
  if (replay !== undefined) {
    const sensorId = option('sensor');
    if (sensorId === undefined) throw new Error('--replay needs --sensor <id> (e.g. --sensor f-w-001)');
    const series = readCsvSeries(replay, option('column') ?? 1);
    const secret = devices?.devices.find((d) => d.sensor.id === sensorId)?.secret;
    const credentials = option('credentials');
    const password = option('password');
    const login: DeviceLogin | undefined =
      password !== undefined
        ? { username: option('username') ?? sensorId, password }
        : credentials !== undefined
          ? loginFromCredentialsFile(credentials, sensorId)
          : secret
            ? { username: sensorId, password: secret }
            : undefined;
    console.log(
      `replaying ${series.points.length} rows of "${series.column}" from ${replay} onto ${sensorId} via ${url}`,
    );
    await replaySeries({
      url,
      sensorId,
      series,
      speed: speed ?? 3600,
      keepTime: process.argv.includes('--keep-time'),
      log: console.log,
      ...(login ?? {}),
    });
    return;
  }
  if (devices === null) {
    throw new Error(
      `no ${config.dataDir}/simulator-devices.json: start GridTwin once (npm start) so the demo devices get credentials`,
    );
  }
  const sensors = devices.devices.map((d) => d.sensor);
  const secrets = new Map(external ? [] : devices.devices.map((d) => [d.sensor.id, d.secret] as const));
  const sim = await startSimulator({
    url,
    sensors,
    secrets,
    seed: config.DEMO_SEED,
    incidents: scriptedIncidents(sensors, Date.now()),
    log: console.log,
    ...(speed === undefined ? {} : { speed }),
  });
  console.log(`simulating ${sensors.length} devices on ${url}; Ctrl+C stops`);
  const stop = async () => {
    await sim.stop();
    console.log(`published ${sim.published()} readings`);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  const duration = option('duration');
  if (duration !== undefined) setTimeout(() => void stop(), Number(duration) * 1000);
}

main().catch((err: unknown) => {
  console.error(`simulate: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
