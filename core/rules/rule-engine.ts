import type { AlertRule } from '../model/index.js';
import type { SensorRules } from './rule-settings.js';

/** A rule changing state on a sensor: raised, its value worsened (update), or cleared. */
export interface RuleTransition {
  sensorId: string;
  rule: AlertRule;
  change: 'raise' | 'update' | 'clear';
  /** The value that caused it (null for stale/offline). */
  value: number | null;
  /** The limit crossed, when there is one. */
  threshold: number | null;
  /** When, epoch ms (the reading's time, or the clock for stale checks). */
  at: number;
  message: string;
}

type LimitRule = 'hihi' | 'hi' | 'lo' | 'lolo';
const LIMIT_RULES: readonly LimitRule[] = ['hihi', 'hi', 'lo', 'lolo'];
/** Updates of an active alert's value are sent at most this often, ms. */
const UPDATE_EVERY_MS = 5000;

interface Condition {
  pendingSince: number | null;
  active: boolean;
  peak: number;
  lastUpdateAt: number;
}

/** What the engine remembers of one sensor. */
interface SensorState {
  lastTs: number;
  lastValue: number;
  unchangedSince: number;
  lastSeenAt: number;
  conditions: Map<AlertRule, Condition>;
}

const cond = (): Condition => ({ pendingSince: null, active: false, peak: Number.NaN, lastUpdateAt: 0 });

/**
 * Evaluates the sensor rules reading by reading: thresholds hi/hihi/lo/lolo (each its own alert, with hysteresis and a
 * minimum duration), rate of change, flatline, stale and offline. Pure of I/O: times come from the readings and from
 * `checkStale(now)`. Readings older than the sensor's latest are stored but not evaluated (they would replay history
 * out of order).
 */
export class RuleEngine {
  private readonly states = new Map<string, SensorState>();

  constructor(private readonly rulesOf: (sensorId: string) => SensorRules | undefined) {}

  /** Evaluates one reading; `receivedAt` is the bridge's clock (for staleness). */
  evaluate(sensorId: string, ts: number, value: number, receivedAt: number): RuleTransition[] {
    const rules = this.rulesOf(sensorId);
    if (rules === undefined) return [];
    const out: RuleTransition[] = [];
    let s = this.states.get(sensorId);
    if (s === undefined) {
      s = { lastTs: ts, lastValue: value, unchangedSince: ts, lastSeenAt: receivedAt, conditions: new Map() };
      this.states.set(sensorId, s);
    } else {
      s.lastSeenAt = Math.max(s.lastSeenAt, receivedAt);
      if (ts < s.lastTs) return this.clearPresence(sensorId, s, receivedAt);
    }
    out.push(...this.clearPresence(sensorId, s, receivedAt));
    for (const rule of LIMIT_RULES) {
      const limit = rules[rule];
      if (limit !== undefined) this.limit(out, sensorId, s, rule, limit, rules, ts, value);
    }
    if (rules.rateLimitPerS !== undefined && ts > s.lastTs) {
      const rate = (value - s.lastValue) / ((ts - s.lastTs) / 1000);
      const c = this.condition(s, 'rate');
      const over = Math.abs(rate) > rules.rateLimitPerS;
      if (over && !c.active) {
        c.active = true;
        out.push(
          t(
            sensorId,
            'rate',
            'raise',
            value,
            rules.rateLimitPerS,
            ts,
            `changing ${rate.toFixed(3)}/s (limit ±${rules.rateLimitPerS}/s)`,
          ),
        );
      } else if (c.active && Math.abs(rate) <= rules.rateLimitPerS * 0.8) {
        c.active = false;
        out.push(t(sensorId, 'rate', 'clear', value, rules.rateLimitPerS, ts, 'rate of change back within limit'));
      }
    }
    if (value !== s.lastValue) s.unchangedSince = ts;
    if (rules.flatlineMs !== undefined) {
      const c = this.condition(s, 'flatline');
      const flat = ts - s.unchangedSince >= rules.flatlineMs;
      if (flat && !c.active) {
        c.active = true;
        out.push(
          t(
            sensorId,
            'flatline',
            'raise',
            value,
            null,
            ts,
            `value stuck at ${value} for ${Math.round((ts - s.unchangedSince) / 60_000)} min`,
          ),
        );
      } else if (!flat && c.active) {
        c.active = false;
        out.push(t(sensorId, 'flatline', 'clear', value, null, ts, 'value moving again'));
      }
    }
    if (ts >= s.lastTs) {
      s.lastTs = ts;
      s.lastValue = value;
    }
    return out;
  }

  /** A device status message: `offline` raises, `online` clears. */
  status(sensorId: string, status: 'online' | 'offline', at: number): RuleTransition[] {
    if (this.rulesOf(sensorId) === undefined) return [];
    const s = this.states.get(sensorId) ?? {
      lastTs: 0,
      lastValue: Number.NaN,
      unchangedSince: 0,
      lastSeenAt: at,
      conditions: new Map(),
    };
    this.states.set(sensorId, s);
    const c = this.condition(s, 'offline');
    if (status === 'offline' && !c.active) {
      c.active = true;
      return [t(sensorId, 'offline', 'raise', null, null, at, 'device reported offline')];
    }
    if (status === 'online' && c.active) {
      c.active = false;
      return [t(sensorId, 'offline', 'clear', null, null, at, 'device back online')];
    }
    return [];
  }

  /** Raises `stale` for every sensor seen before and silent for longer than its stale time. */
  checkStale(now: number): RuleTransition[] {
    const out: RuleTransition[] = [];
    for (const [sensorId, s] of this.states) {
      const rules = this.rulesOf(sensorId);
      if (rules === undefined) continue;
      const c = this.condition(s, 'stale');
      if (!c.active && now - s.lastSeenAt > rules.staleMs) {
        c.active = true;
        out.push(
          t(sensorId, 'stale', 'raise', null, null, now, `no reading for ${Math.round((now - s.lastSeenAt) / 1000)} s`),
        );
      }
    }
    return out;
  }

  /** Starts watching a sensor for staleness even before its first reading. */
  watch(sensorId: string, now: number): void {
    if (!this.states.has(sensorId)) {
      this.states.set(sensorId, {
        lastTs: 0,
        lastValue: Number.NaN,
        unchangedSince: 0,
        lastSeenAt: now,
        conditions: new Map(),
      });
    }
  }

  /** Marks a rule active without a transition (alerts loaded from the store after a restart). */
  restoreActive(sensorId: string, rule: AlertRule, now: number): void {
    this.watch(sensorId, now);
    this.condition(this.states.get(sensorId)!, rule).active = true;
  }

  /** Forgets the state of a rule (an alert cleared by hand). */
  reset(sensorId: string, rule: AlertRule): void {
    this.states.get(sensorId)?.conditions.delete(rule);
  }

  private clearPresence(sensorId: string, s: SensorState, at: number): RuleTransition[] {
    const c = s.conditions.get('stale');
    if (c?.active) {
      c.active = false;
      return [t(sensorId, 'stale', 'clear', null, null, at, 'readings arriving again')];
    }
    return [];
  }

  private condition(s: SensorState, rule: AlertRule): Condition {
    let c = s.conditions.get(rule);
    if (c === undefined) s.conditions.set(rule, (c = cond()));
    return c;
  }

  private limit(
    out: RuleTransition[],
    sensorId: string,
    s: SensorState,
    rule: LimitRule,
    limit: number,
    rules: SensorRules,
    ts: number,
    value: number,
  ): void {
    const high = rule === 'hi' || rule === 'hihi';
    const beyond = high ? value >= limit : value <= limit;
    // Hysteresis: an active alert holds until the value is back past the limit by the deadband.
    const back = high ? value < limit - rules.deadband : value > limit + rules.deadband;
    const c = this.condition(s, rule);
    const word = high ? 'above' : 'below';
    if (c.active) {
      if (back) {
        c.active = false;
        c.pendingSince = null;
        out.push(
          t(
            sensorId,
            rule,
            'clear',
            value,
            limit,
            ts,
            `back ${high ? 'below' : 'above'} ${rule} ${limit} (deadband ${rules.deadband})`,
          ),
        );
      } else if ((high ? value > c.peak : value < c.peak) && ts - c.lastUpdateAt >= UPDATE_EVERY_MS) {
        c.peak = value;
        c.lastUpdateAt = ts;
        out.push(t(sensorId, rule, 'update', value, limit, ts, `${value} ${word} ${rule} ${limit}`));
      }
      return;
    }
    if (!beyond) {
      c.pendingSince = null;
      return;
    }
    c.pendingSince ??= ts;
    if (ts - c.pendingSince >= rules.minDurationMs) {
      c.active = true;
      c.peak = value;
      c.lastUpdateAt = ts;
      out.push(
        t(
          sensorId,
          rule,
          'raise',
          value,
          limit,
          ts,
          `${value} ${word} ${rule} ${limit}${rules.minDurationMs > 0 ? ` for ${rules.minDurationMs / 1000} s` : ''}`,
        ),
      );
    }
  }
}

function t(
  sensorId: string,
  rule: AlertRule,
  change: RuleTransition['change'],
  value: number | null,
  threshold: number | null,
  at: number,
  message: string,
): RuleTransition {
  return { sensorId, rule, change, value, threshold, at, message };
}
