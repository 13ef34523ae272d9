import type { SeqGaps } from '../core/contracts/ingest-stats.js';

/** Missing seqs remembered per sensor (so a late reading can fill its gap); beyond this a gap is only counted. */
const MAX_REMEMBERED = 10_000;
/** A seq this far below a sensor's highest is taken as the device restarting its counter, not as a late reading. */
const RESTART_DROP = 100_000;
/** Sensors listed by name in the stats (those with the most missing readings). */
const LISTED = 20;

interface SensorSeqs {
  highest: number;
  missing: Set<number>;
  /** Missing seqs not remembered individually (gaps larger than MAX_REMEMBERED). */
  uncounted: number;
  lastGapAt: number | null;
}

/**
 * Gaps in each sensor's seq numbers as this bridge sees them: readings that a device sent (a later seq arrived) but
 * that never reached the bridge, e.g. dropped by a broker's full queue. A reading arriving late (a broker redelivers
 * after a reconnect, or out of order) fills its gap again. Bounded memory per sensor.
 */
export class SeqGapTracker {
  private readonly sensors = new Map<string, SensorSeqs>();

  /** Records a reading's seq (call once per distinct reading; duplicates are harmless). */
  see(sensorId: string, seq: number, now: number): void {
    const s = this.sensors.get(sensorId);
    if (s === undefined) {
      this.sensors.set(sensorId, { highest: seq, missing: new Set(), uncounted: 0, lastGapAt: null });
      return;
    }
    if (seq > s.highest + 1) {
      const gap = seq - s.highest - 1;
      const remember = Math.max(0, Math.min(gap, MAX_REMEMBERED - s.missing.size));
      for (let i = 1; i <= remember; i++) s.missing.add(s.highest + i);
      s.uncounted += gap - remember;
      s.lastGapAt = now;
    } else if (seq <= s.highest) {
      if (s.missing.delete(seq)) return;
      if (s.highest - seq >= RESTART_DROP) s.highest = seq; // a device that restarted its counter
      return;
    }
    s.highest = seq;
  }

  snapshot(): SeqGaps {
    const rows = [...this.sensors]
      .map(([sensorId, s]) => ({ sensorId, missing: s.missing.size + s.uncounted, lastGapAt: s.lastGapAt }))
      .filter((r) => r.missing > 0);
    rows.sort((a, b) => b.missing - a.missing || a.sensorId.localeCompare(b.sensorId));
    return {
      missingReadings: rows.reduce((n, r) => n + r.missing, 0),
      sensorsWithGaps: rows.length,
      bySensor: rows.slice(0, LISTED).map((r) => ({ ...r, lastGapAt: r.lastGapAt ?? 0 })),
    };
  }
}
