import type { Alert } from '../model/index.js';
import { RULE_SEVERITY } from './rule-settings.js';
import type { RuleTransition } from './rule-engine.js';

/** How an alert changed: the hook the events side (issue 6) implements to create or update one event per alert. */
export type AlertTransition = 'raised' | 'updated' | 'cleared';

/** Where alerts are kept. */
export interface AlertSink {
  save(cityId: string, alert: Alert): Promise<void>;
  listOpen(cityId: string): Promise<Alert[]>;
  get(cityId: string, id: string): Promise<Alert | null>;
}

/** Options of the alert manager. */
export interface AlertManagerOptions {
  cityId: string;
  store: AlertSink;
  /** The grid of a sensor, copied onto its alerts. */
  gridOf: (sensorId: string) => string | null;
  now?: () => number;
  /** Called at once (synchronously) on every change: live fan-out and MQTT output. */
  onChange?: (alert: Alert, transition: AlertTransition) => void;
  /** Called after the change is stored (the closed loop: events). Its failures are reported, never thrown. */
  onAlert?: (alert: Alert, transition: AlertTransition) => Promise<void>;
  onError?: (error: unknown) => void;
}

const key = (sensorId: string | null, rule: string) => `${sensorId ?? ''}|${rule}`;

/**
 * Keeps one open alert per sensor and rule: a rule raised again while its alert is open updates that alert instead
 * of opening another. Changes reach `onChange` first (low latency), then the store, then `onAlert`; stores happen
 * in order, so the database never ends up with an older state than the last change.
 */
export class AlertManager {
  private readonly open = new Map<string, Alert>();
  private chain: Promise<void> = Promise.resolve();
  private counter = 0;
  private readonly now: () => number;

  constructor(private readonly o: AlertManagerOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Loads the open alerts from the store (after a restart); answers them. */
  async load(): Promise<Alert[]> {
    const alerts = await this.o.store.listOpen(this.o.cityId);
    for (const a of alerts) this.open.set(key(a.sensorId, a.rule), a);
    return alerts;
  }

  /** The open (active or acknowledged) alerts. */
  openAlerts(): Alert[] {
    return [...this.open.values()];
  }

  /** Applies a rule transition; answers the alert it made or changed (null when there was nothing to change). */
  apply(tr: RuleTransition): Alert | null {
    const k = key(tr.sensorId, tr.rule);
    const existing = this.open.get(k);
    // Event time: an alert raised by a replayed or imported 2019 reading is stamped 2019 (live readings are ~now).
    const now = tr.at;
    if (tr.change === 'clear') {
      if (!existing) return null;
      this.open.delete(k);
      return this.emit(
        {
          ...existing,
          state: 'cleared',
          value: tr.value ?? existing.value,
          updatedAt: now,
          clearedAt: now,
          message: tr.message,
        },
        'cleared',
      );
    }
    if (existing) {
      return this.emit(
        { ...existing, value: tr.value ?? existing.value, updatedAt: now, message: tr.message },
        'updated',
      );
    }
    if (tr.change === 'update') return null;
    const alert: Alert = {
      id: `al-${tr.sensorId}-${tr.rule}-${tr.at.toString(36)}-${(this.counter++).toString(36)}`,
      sensorId: tr.sensorId,
      simulationId: null,
      rule: tr.rule,
      severity: RULE_SEVERITY[tr.rule],
      state: 'active',
      value: tr.value,
      threshold: tr.threshold,
      message: tr.message,
      gridId: this.o.gridOf(tr.sensorId),
      raisedAt: now,
      updatedAt: now,
      clearedAt: null,
    };
    this.open.set(k, alert);
    return this.emit(alert, 'raised');
  }

  /** An operator acknowledges an alert; answers it, or null when there is no open alert with this id. */
  async acknowledge(id: string): Promise<Alert | null> {
    const found = [...this.open.entries()].find(([, a]) => a.id === id);
    if (!found) return null;
    const [k, alert] = found;
    if (alert.state === 'acknowledged') return alert;
    const next: Alert = { ...alert, state: 'acknowledged', updatedAt: this.now() };
    this.open.set(k, next);
    this.emit(next, 'updated');
    await this.chain;
    return next;
  }

  /** Resolves when every change so far is stored. */
  settled(): Promise<void> {
    return this.chain;
  }

  private emit(alert: Alert, transition: AlertTransition): Alert {
    const k = key(alert.sensorId, alert.rule);
    if (transition !== 'cleared' && this.open.has(k)) this.open.set(k, alert);
    try {
      this.o.onChange?.(alert, transition);
    } catch (err) {
      this.o.onError?.(err);
    }
    this.chain = this.chain.then(async () => {
      try {
        await this.o.store.save(this.o.cityId, alert);
        await this.o.onAlert?.(alert, transition);
      } catch (err) {
        this.o.onError?.(err);
      }
    });
    return alert;
  }
}
