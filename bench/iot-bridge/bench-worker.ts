/**
 * The two outside parties of the ingest benchmark, each in its own thread of the bench process (so they share the
 * 2 cores with the bridge, as the target says, without sharing its event loop):
 * - `generator`: devices publishing over real MQTT at a fixed rate, payloads built by string concatenation (no
 *   JSON.stringify per reading), batches of BATCH readings per message; one more device flips a sensor over and under
 *   its limit every 100 ms, the value encoding the send time so the probe can time the alert.
 * - `probe`: a browser on the live WebSocket, timing live values (reading ts -> delta received) and alerts (publish of
 *   the crossing reading -> alert received).
 */
import { parentPort, workerData } from 'node:worker_threads';
import mqtt, { type MqttClient } from 'mqtt';
import WebSocket from 'ws';
import { readingTopic } from '../../core/contracts/mqtt.js';

/** What the bench thread tells a generator. */
export interface GeneratorTask {
  role: 'generator';
  url: string;
  /** Per device: its sensor id and credentials (none on an anonymous external broker). */
  devices: { id: string; username?: string; password?: string }[];
  /** The sensor that flips over and under its hi limit (the last device). */
  alertDevice: { id: string; username?: string; password?: string };
  protocolVersion: 4 | 5;
  rate: number;
  seconds: number;
  batch: number;
}

/** What a generator answers when done. */
export interface GeneratorResult {
  sent: number;
  /** Crossings published (alerts the probe should see). */
  crossings: number;
  elapsedS: number;
}

/** What the bench thread tells a probe. */
export interface ProbeTask {
  role: 'probe';
  wsUrl: string;
}

/** What a probe answers when told to stop. */
export interface ProbeResult {
  values: number[];
  alerts: number[];
  deltas: number;
}

/** Alert values are the send time plus this (above the hi limit of 100); under-limit values are 0. */
export const ALERT_OFFSET = 1000;

async function generator(task: GeneratorTask): Promise<GeneratorResult> {
  const connect = (d: GeneratorTask['devices'][number]) =>
    mqtt.connectAsync(task.url, {
      protocolVersion: task.protocolVersion,
      reconnectPeriod: 0,
      ...(d.username ? { username: d.username, password: d.password ?? '' } : {}),
    });
  const clients: { c: MqttClient; topic: string }[] = [];
  for (const d of task.devices) clients.push({ c: await connect(d), topic: readingTopic(d.id) });
  const alert = { c: await connect(task.alertDevice), topic: readingTopic(task.alertDevice.id) };
  parentPort!.postMessage({ ready: true });
  await new Promise<void>((r) => parentPort!.once('message', () => r()));
  const t0 = Date.now();
  let sent = 0,
    seq = 0,
    tick = 0,
    crossings = 0,
    over = false,
    alertSeq = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = Date.now();
      // Catch up with the clock (a late timer sends more), at most 5 ticks' worth at once.
      const due = Math.min(Math.round(((now - t0) / 1000) * task.rate) - sent, (task.rate / 100) * 5);
      for (let k = 0; k + task.batch <= due; k += task.batch) {
        const { c, topic } = clients[(tick + k / task.batch) % clients.length]!;
        let body = '{"readings":[';
        for (let i = 0; i < task.batch; i++) body += `${i === 0 ? '' : ','}{"ts":${now},"value":50,"seq":${seq++}}`;
        c.publish(topic, `${body}]}`, { qos: 0 });
        sent += task.batch;
      }
      tick++;
      if (tick % 10 === 0) {
        over = !over;
        if (over) crossings++;
        const ts = Date.now();
        alert.c.publish(alert.topic, `{"ts":${ts},"value":${over ? ts + ALERT_OFFSET : 0},"seq":${alertSeq++}}`, {
          qos: 0,
        });
        sent++;
      }
      if (now - t0 >= task.seconds * 1000) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
  const elapsedS = (Date.now() - t0) / 1000;
  for (const { c } of [...clients, alert]) await c.endAsync();
  return { sent, crossings, elapsedS };
}

async function probe(task: ProbeTask): Promise<ProbeResult> {
  const ws = new WebSocket(task.wsUrl);
  const result: ProbeResult = { values: [], alerts: [], deltas: 0 };
  ws.on('message', (data: Buffer) => {
    const now = Date.now();
    const m = JSON.parse(data.toString('utf8')) as {
      type: string;
      sensors: { ts: number }[];
      alerts: { state: string; value: number | null; rule: string }[];
    };
    if (m.type !== 'delta') return;
    result.deltas++;
    for (const s of m.sensors) result.values.push(now - s.ts);
    for (const a of m.alerts) {
      if (a.rule === 'hi' && a.state === 'active' && a.value !== null && a.value > 1e12)
        result.alerts.push(now - (a.value - ALERT_OFFSET));
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  parentPort!.postMessage({ ready: true });
  await new Promise<void>((r) => parentPort!.once('message', () => r()));
  ws.close();
  return result;
}

const task = workerData as GeneratorTask | ProbeTask;
(task.role === 'generator' ? generator(task) : probe(task)).then(
  (result) => parentPort!.postMessage({ result }),
  (err: unknown) => parentPort!.postMessage({ error: String((err as Error)?.stack ?? err) }),
);
