import type { Alert, Sensor } from '../core/model/index.js';
import { AlertManager, type AlertSink, type AlertTransition } from './alert-manager.js';
import type { BridgeTransport } from './bridge-transport.js';
import { decodeMessage, type DecodeContext, type Reading } from './decode-reading.js';
import { IngestStats, type IngestStatsSnapshot } from './ingest-stats.js';
import type { LiveHub } from './live/live-hub.js';
import { ReadingsWriter, type ReadingsSink } from './readings-writer.js';
import { RuleEngine, type RuleTransition } from './rules/rule-engine.js';
import { sensorRules, type SensorRules } from './rules/rule-settings.js';
import { SeenSequences } from './seen-sequences.js';
import { SeqGapTracker } from './seq-gaps.js';
import { alertOutTopic, VALUES_OUT_TOPIC } from '../core/contracts/mqtt.js';

/** Everything a bridge is made of. */
export interface BridgeOptions {
  cityId: string;
  /** The registered sensors: readings of others are rejected as `unknown-sensor`. */
  sensors: readonly Sensor[];
  transport: BridgeTransport;
  /** `maintain`: the store's retention and partition upkeep, run at start and hourly. */
  readings: ReadingsSink & {
    maintain?: (o: { now: number; retentionDays: number }) => Promise<{ deleted: number; created: string[] }>;
  };
  alerts: AlertSink;
  /** Live fan-out in this process (absent when the server runs elsewhere and listens to the output topics). */
  hub?: LiveHub;
  /** The closed loop: called for every alert change after it is stored (the events side creates/updates events). */
  onAlert?: (alert: Alert, transition: AlertTransition) => Promise<void>;
  /** Publish coalesced latest values on gridtwin/v1/out/values every this many ms (0: off, the default). */
  publishValuesMs?: number;
  /** Readings older than this many days are deleted (checked hourly); 0 keeps everything. Default 30. */
  retentionDays?: number;
  /** How often stale sensors are looked for, ms. Default 5000. */
  staleCheckMs?: number;
  /**
   * Where the rules (and the live values) get their readings. `inline` (default): from the messages this bridge
   * stores (one bridge, or the embedded broker). With a shared subscription a bridge stores only its share of the
   * traffic, so rule state (hysteresis, minimum duration, rate, flatline) would see half a sensor's stream: then one
   * bridge runs `feed` (rules from the transport's non-shared feed of every message) and the others `off` (storage
   * only). See docs/adr/0006-rules-on-one-bridge.md.
   */
  rules?: 'inline' | 'feed' | 'off';
  /** Batch interval of the readings writer, ms. Default 100. */
  flushIntervalMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

/**
 * The IoT bridge: device messages in (validated, counted, deduplicated), readings stored in batches, rules
 * evaluated into alerts, changes out to the live hub and the output topics.
 *
 * @example
 * const bridge = new Bridge({ cityId, sensors, transport: new EmbeddedTransport(broker), readings, alerts, hub });
 * await bridge.start();
 */
export class Bridge {
  readonly stats: IngestStats;
  readonly alerts: AlertManager;
  readonly writer: ReadingsWriter;
  private readonly rules: RuleEngine;
  private sensors = new Map<string, Sensor>();
  private rulesBySensor = new Map<string, SensorRules>();
  private readonly seen = new SeenSequences();
  private readonly gaps = new SeqGapTracker();
  private readonly now: () => number;
  private readonly timers: NodeJS.Timeout[] = [];
  private pendingValues = new Map<string, { ts: number; value: number }>();
  private readonly log: (line: string) => void;
  private readonly inlineRules: boolean;
  /** One context for every message (its `now` set per message): no closure allocated per message. */
  private readonly decodeContext: DecodeContext = { now: 0, isKnownSensor: (id) => this.sensors.has(id) };

  constructor(private readonly o: BridgeOptions) {
    this.now = o.now ?? Date.now;
    this.log = o.log ?? (() => undefined);
    this.inlineRules = (o.rules ?? 'inline') === 'inline';
    this.stats = new IngestStats(this.now());
    this.setSensors(o.sensors);
    this.rules = new RuleEngine((id) => this.rulesBySensor.get(id));
    this.writer = new ReadingsWriter({
      sink: o.readings,
      cityId: o.cityId,
      flushIntervalMs: o.flushIntervalMs ?? 100,
      now: this.now,
      onWritten: (inserted, attempted) => {
        this.stats.writeBatches++;
        this.stats.readingsStored += inserted;
        this.stats.duplicates += attempted - inserted;
      },
      onError: (err) => {
        this.stats.writeErrors++;
        this.log(`  readings write failed (will retry): ${(err as Error).message}`);
      },
    });
    this.alerts = new AlertManager({
      cityId: o.cityId,
      store: o.alerts,
      now: this.now,
      gridOf: (id) => this.sensors.get(id)?.gridId ?? null,
      onChange: (alert, transition) => this.alertChanged(alert, transition),
      ...(o.onAlert ? { onAlert: o.onAlert } : {}),
      onError: (err) => this.log(`  alert handling failed: ${(err as Error).message}`),
    });
  }

  /** Replaces the sensor registry (after a city import). */
  setSensors(sensors: readonly Sensor[]): void {
    this.sensors = new Map(sensors.map((s) => [s.id, s]));
    this.rulesBySensor = new Map(sensors.map((s) => [s.id, sensorRules(s)]));
  }

  /** Loads open alerts, starts the timers and starts receiving. */
  async start(): Promise<void> {
    const open = await this.alerts.load();
    const now = this.now();
    for (const a of open) if (a.sensorId !== null) this.rules.restoreActive(a.sensorId, a.rule, now);
    this.timers.push(setInterval(() => this.applyAll(this.rules.checkStale(this.now())), this.o.staleCheckMs ?? 5000));
    const retentionDays = this.o.retentionDays ?? 30;
    if (this.o.readings.maintain) {
      const sweep = () =>
        void this.o.readings.maintain!({ now: this.now(), retentionDays })
          .then(
            ({ deleted }) =>
              deleted > 0 && this.log(`  retention: deleted ${deleted} readings older than ${retentionDays} days`),
          )
          .catch((err: unknown) => this.log(`  readings maintenance failed: ${(err as Error).message}`));
      sweep();
      this.timers.push(setInterval(sweep, 3_600_000));
    }
    if ((this.o.publishValuesMs ?? 0) > 0)
      this.timers.push(setInterval(() => this.publishValues(), this.o.publishValuesMs));
    for (const t of this.timers) t.unref();
    const feed =
      this.o.rules === 'feed' ? (topic: string, payload: Buffer) => this.evaluateFeed(topic, payload) : undefined;
    await this.o.transport.start((topic, payload, qos) => this.handle(topic, payload, qos), feed);
  }

  /** Stops receiving, writes what is queued and waits for pending alert writes. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await this.o.transport.close();
    await this.writer.close();
    await this.alerts.settled();
  }

  /** The counters behind /api/ingest/stats. */
  statsSnapshot(): IngestStatsSnapshot {
    const t = this.o.transport;
    return {
      ...this.stats.snapshot(this.writer.depth),
      // The rules' path sees each sensor's whole stream (inline, or the feed); a storage-only bridge sees a share.
      gaps: (this.o.rules ?? 'inline') === 'off' ? null : this.gaps.snapshot(),
      brokerDropped: t.brokerDropped ?? null,
      acksPending: t.acksPending ?? 0,
    };
  }

  /**
   * One device message. Answers a promise that resolves when it may be acknowledged (its readings are stored), or
   * undefined when it may be at once (QoS 0 with room in the queue, bad input). Never rejects for bad input: that is
   * counted, not thrown.
   */
  handle(topic: string, payload: Buffer, qos: 0 | 1 | 2): Promise<void> | undefined {
    const now = (this.decodeContext.now = this.now());
    this.stats.messages++;
    const d = decodeMessage(topic, payload, this.decodeContext);
    if (d.kind === 'rejected') {
      this.stats.reject(now, d.reason, topic, d.detail, payload);
      return undefined;
    }
    if (d.kind === 'ignored') return undefined;
    if (d.kind === 'status') {
      this.stats.statusMessages++;
      if (this.inlineRules) this.status(d.sensorId, d.status, now);
      return undefined;
    }
    this.stats.readingsAccepted += d.readings.length;
    // Rules first, so an alert never waits for the batch write; the reading is still acknowledged only once stored.
    if (this.inlineRules) this.observe(d.readings, now);
    // QoS 0 is fire and forget unless the queue is full; QoS 1/2 is acknowledged once stored.
    if (qos > 0 || this.writer.isFull) return this.writer.write(d.readings);
    this.writer.enqueue(d.readings);
    return undefined;
  }

  /** A message of the rules feed (rules: 'feed'): evaluated, not stored (the bridge whose share it is stores it). */
  private evaluateFeed(topic: string, payload: Buffer): void {
    const now = (this.decodeContext.now = this.now());
    const d = decodeMessage(topic, payload, this.decodeContext);
    if (d.kind === 'readings') this.observe(d.readings, now);
    else if (d.kind === 'status') this.status(d.sensorId, d.status, now);
  }

  private status(sensorId: string, status: 'online' | 'offline', now: number): void {
    this.o.hub?.status(sensorId, status, now);
    this.applyAll(this.rules.status(sensorId, status, now));
  }

  private observe(readings: readonly Reading[], now: number): void {
    for (const r of readings) {
      if (r.seq !== null) {
        if (!this.seen.add(r.sensorId, r.seq)) continue;
        this.gaps.see(r.sensorId, r.seq, now);
      }
      this.o.hub?.value(r.sensorId, r.ts, r.value);
      if ((this.o.publishValuesMs ?? 0) > 0) {
        const prev = this.pendingValues.get(r.sensorId);
        if (!prev || prev.ts <= r.ts) this.pendingValues.set(r.sensorId, { ts: r.ts, value: r.value });
      }
      this.applyAll(this.rules.evaluate(r.sensorId, r.ts, r.value, now));
    }
  }

  private applyAll(transitions: readonly RuleTransition[]): void {
    for (const tr of transitions) this.alerts.apply(tr);
  }

  private alertChanged(alert: Alert, _transition: AlertTransition): void {
    this.o.hub?.alert(alert);
    if (alert.sensorId !== null) {
      this.o.transport
        .publish(alertOutTopic(alert.sensorId, alert.rule), JSON.stringify(alert), 1)
        .catch((err: unknown) => this.log(`  alert publish failed: ${(err as Error).message}`));
    }
  }

  private publishValues(): void {
    if (this.pendingValues.size === 0) return;
    const values = [...this.pendingValues].map(([sensorId, v]) => ({ sensorId, ...v }));
    this.pendingValues = new Map();
    this.o.transport.publish(VALUES_OUT_TOPIC, JSON.stringify({ values }), 0).catch(() => undefined);
  }
}
