import mqtt, { type MqttClient } from 'mqtt';
import type { Sensor } from '../../core/model/index.js';
import { SeededRandom } from '../../core/random/index.js';
import { readingTopic, statusTopic } from '../../core/contracts/mqtt.js';
import { simulateValue, type Incident, type ModelState } from './sensor-models.js';

/** Options of the simulator. */
export interface SimulatorOptions {
  url: string;
  sensors: readonly Sensor[];
  /** Device secrets by sensor id; a sensor without one connects without credentials (external brokers). */
  secrets?: ReadonlyMap<string, string>;
  incidents?: readonly Incident[];
  seed?: number;
  /** Divides every sensor's reporting interval (2: twice as often). Default 1. */
  speed?: number;
  qos?: 0 | 1;
  /** 4 for aedes (default), 5 for MQTT 5 brokers. */
  protocolVersion?: 4 | 5;
  now?: () => number;
  log?: (line: string) => void;
}

/** A running simulator. */
export interface RunningSimulator {
  published(): number;
  stop(): Promise<void>;
}

/**
 * Plays the demo sensors as real devices: one MQTT connection per sensor with its own credentials, a retained
 * "online" status and an "offline" last will, and readings at each sensor's reporting interval from the models in
 * sensor-models.ts (with faults and scripted incidents). Sequence numbers start at the clock, so a restarted
 * simulator never repeats one (the bridge would drop it as a duplicate).
 */
export async function startSimulator(o: SimulatorOptions): Promise<RunningSimulator> {
  const now = o.now ?? Date.now;
  const rng = new SeededRandom(o.seed ?? 1);
  const byId = new Map(o.sensors.map((s) => [s.id, s]));
  const clients: MqttClient[] = [];
  const timers: NodeJS.Timeout[] = [];
  let published = 0;
  let failures = 0;
  await Promise.all(
    o.sensors.map(async (sensor) => {
      const secret = o.secrets?.get(sensor.id);
      const client = await mqtt.connectAsync(o.url, {
        protocolVersion: o.protocolVersion ?? 4,
        reconnectPeriod: 2000,
        clientId: `sim-${sensor.id}`,
        ...(secret === undefined ? {} : { username: sensor.id, password: secret }),
        will: { topic: statusTopic(sensor.id), payload: Buffer.from('offline'), retain: true, qos: 1 },
      });
      clients.push(client);
      client.on('error', (err) => {
        if (failures++ < 5) o.log?.(`  simulator ${sensor.id}: ${err.message}`);
      });
      await client.publishAsync(statusTopic(sensor.id), 'online', { retain: true, qos: 1 });
      const r = rng.fork(sensor.id);
      const state: ModelState = { flatUntil: 0, dropUntil: 0, last: 0 };
      let seq = now();
      const everyMs = Math.max(50, (sensor.reportingIntervalS * 1000) / (o.speed ?? 1));
      const tick = () => {
        const ts = now();
        const value = simulateValue(sensor, ts, r, state, o.incidents ?? [], byId);
        if (value === null || !client.connected) return;
        client.publish(readingTopic(sensor.id), JSON.stringify({ ts, value, seq: seq++ }), { qos: o.qos ?? 0 });
        published++;
      };
      // Spread first readings over one interval so 55 devices do not report in lockstep.
      timers.push(
        setTimeout(
          () => {
            tick();
            timers.push(setInterval(tick, everyMs));
          },
          r.range(0, Math.min(everyMs, 5000)),
        ),
      );
    }),
  );
  return {
    published: () => published,
    async stop() {
      for (const t of timers) clearTimeout(t);
      // A clean stop says "offline" itself (a crash leaves it to the last will).
      await Promise.all(
        clients.map(async (c, i) => {
          const id = o.sensors[i]?.id;
          // QoS 0: waiting for 55 acknowledgements from a broker that is itself stopping could hang the shutdown.
          if (id && c.connected) c.publish(statusTopic(id), 'offline', { retain: true, qos: 0 });
          await c.endAsync();
        }),
      );
    },
  };
}
