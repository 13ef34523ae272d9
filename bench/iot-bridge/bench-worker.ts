/**
 * The outside parties of the ingest benchmark, each in its own thread of the bench process (so they share the
 * 2 cores with the bridge, as the target says, without sharing its event loop):
 * - `generator`: devices publishing over real MQTT at a fixed rate, ONE reading a message by default (`batch` > 1
 *   packs several), payloads built by string concatenation (no JSON.stringify per reading), each device with its own
 *   seq counter from 0; one more device flips a sensor over and under its limit every 100 ms, the value encoding the
 *   send time so the probe can time the alert. At QoS 1 it records which seqs the broker acknowledged (PUBACK), so the
 *   bench can name every acknowledged reading that was not stored.
 * - `probe`: a browser on the live WebSocket, timing live values (reading ts -> delta received) and alerts (publish of
 *   the crossing reading -> alert received).
 */
import { parentPort, workerData } from 'node:worker_threads';
import mqtt, { type MqttClient } from 'mqtt';
import WebSocket from 'ws';
import { readingTopic } from '../../core/contracts/mqtt.js';

/** One publishing device: its sensor id and credentials (none on an anonymous external broker). */
export interface BenchDevice {
  id: string;
  username?: string;
  password?: string;
}

/** What the bench thread tells a generator. */
export interface GeneratorTask {
  role: 'generator';
  url: string;
  devices: BenchDevice[];
  /** The sensor that flips over and under its hi limit (not one of `devices`). */
  alertDevice: BenchDevice;
  protocolVersion: 4 | 5;
  qos: 0 | 1;
  rate: number;
  seconds: number;
  /** Readings per message (1: the per-message cost is measured, not hidden). */
  batch: number;
  /** After the send window, how long to wait for outstanding PUBACKs (QoS 1), ms. */
  ackWaitMs: number;
}

/** What a generator answers when done. */
export interface GeneratorResult {
  /** Readings published (alert device included). */
  sent: number;
  /** Readings in messages the broker acknowledged (QoS 1; 0 at QoS 0). */
  acked: number;
  /** Per sensor id, the seqs the broker acknowledged (QoS 1 only). */
  ackedSeqs: Record<string, number[]>;
  /** Crossings published (alerts the probe should see). */
  crossings: number;
  /** Length of the send window, s. */
  elapsedS: number;
  /** Publishes that failed (client error or disconnect). */
  errors: number;
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
  const connect = (d: BenchDevice) =>
    mqtt.connectAsync(task.url, {
      protocolVersion: task.protocolVersion,
      reconnectPeriod: 0,
      ...(d.username ? { username: d.username, password: d.password ?? '' } : {}),
    });
  interface Dev {
    id: string;
    c: MqttClient;
    topic: string;
    seq: number;
  }
  const devices: Dev[] = [];
  for (const d of task.devices) devices.push({ id: d.id, c: await connect(d), topic: readingTopic(d.id), seq: 0 });
  const alert: Dev = {
    id: task.alertDevice.id,
    c: await connect(task.alertDevice),
    topic: readingTopic(task.alertDevice.id),
    seq: 0,
  };
  const ackedSeqs: Record<string, number[]> = {};
  for (const d of [...devices, alert]) ackedSeqs[d.id] = [];
  let acked = 0,
    outstanding = 0,
    errors = 0;
  /** Publishes one message of `count` readings starting at the device's next seq. */
  const publish = (d: Dev, body: string, firstSeq: number, count: number) => {
    if (task.qos === 0) {
      d.c.publish(d.topic, body, { qos: 0 });
      return;
    }
    outstanding++;
    d.c.publish(d.topic, body, { qos: 1 }, (err) => {
      outstanding--;
      if (err) {
        errors++;
        return;
      }
      acked += count;
      const list = ackedSeqs[d.id]!;
      for (let i = 0; i < count; i++) list.push(firstSeq + i);
    });
  };
  parentPort!.postMessage({ ready: true });
  await new Promise<void>((r) => parentPort!.once('message', () => r()));
  const t0 = Date.now();
  let sent = 0,
    tick = 0,
    crossings = 0,
    over = false;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = Date.now();
      // Catch up with the clock (a late timer sends more), at most 5 ticks' worth at once.
      const due = Math.min(Math.round(((now - t0) / 1000) * task.rate) - sent, (task.rate / 100) * 5);
      for (let k = 0; k + task.batch <= due; k += task.batch) {
        const d = devices[(tick + k / task.batch) % devices.length]!;
        const first = d.seq;
        let body: string;
        if (task.batch === 1) body = `{"ts":${now},"value":50,"seq":${d.seq++}}`;
        else {
          body = '{"readings":[';
          for (let i = 0; i < task.batch; i++) body += `${i === 0 ? '' : ','}{"ts":${now},"value":50,"seq":${d.seq++}}`;
          body += ']}';
        }
        publish(d, body, first, task.batch);
        sent += task.batch;
      }
      tick++;
      if (tick % 10 === 0) {
        over = !over;
        if (over) crossings++;
        const ts = Date.now();
        publish(alert, `{"ts":${ts},"value":${over ? ts + ALERT_OFFSET : 0},"seq":${alert.seq++}}`, alert.seq - 1, 1);
        sent++;
      }
      if (now - t0 >= task.seconds * 1000) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
  const elapsedS = (Date.now() - t0) / 1000;
  // Acknowledgements still on their way count: the broker took those readings.
  const waitEnd = Date.now() + task.ackWaitMs;
  while (outstanding > 0 && Date.now() < waitEnd) await new Promise((r) => setTimeout(r, 50));
  for (const { c } of [...devices, alert]) await c.endAsync(true);
  return { sent, acked, ackedSeqs, crossings, elapsedS, errors };
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
