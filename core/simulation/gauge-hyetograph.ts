import type { Hyetograph } from './design-storm.js';

/** Readings of one rain gauge: epoch ms and intensity, mm/h (the demo gauges' unit). */
export interface GaugeSeries {
  readonly sensorId: string;
  readonly readings: readonly { readonly ts: number; readonly value: number }[];
}

/** A hyetograph built from gauges, with what it was built from. */
export interface GaugeHyetograph extends Hyetograph {
  fromMs: number;
  toMs: number;
  /** Gauges that had readings in the window. */
  gaugeIds: string[];
  readingCount: number;
}

/**
 * Areal rainfall from rain gauges: each gauge's readings (mm/h) are averaged per block of `stepMin` over
 * [fromMs, toMs); a block a gauge has no reading in takes that gauge's last known intensity (sample-and-hold, as
 * gauges report on change or at intervals), 0 before its first reading; the blocks are then averaged over the gauges
 * that reported (equal weights: the demo gauges are spread evenly; Thiessen weights would need their polygons).
 * Answers null when no gauge has a reading in the window.
 * @throws RangeError when the window or step is not positive.
 */
export function hyetographFromGauges(
  gauges: readonly GaugeSeries[],
  fromMs: number,
  toMs: number,
  stepMin: number,
): GaugeHyetograph | null {
  if (!(toMs > fromMs)) throw new RangeError('toMs must be after fromMs');
  if (!(stepMin > 0)) throw new RangeError(`stepMin must be positive, got ${stepMin}`);
  const stepMs = stepMin * 60_000;
  const blocks = Math.ceil((toMs - fromMs) / stepMs);
  const sum = new Float64Array(blocks);
  const gaugeIds: string[] = [];
  let readingCount = 0;
  for (const g of gauges) {
    const inWindow = g.readings.filter((r) => r.ts >= fromMs && r.ts < toMs && Number.isFinite(r.value));
    if (inWindow.length === 0) continue;
    gaugeIds.push(g.sensorId);
    readingCount += inWindow.length;
    const total = new Float64Array(blocks),
      count = new Uint32Array(blocks);
    for (const r of inWindow) {
      const b = Math.floor((r.ts - fromMs) / stepMs);
      total[b]! += Math.max(0, r.value);
      count[b]! += 1;
    }
    let held = 0;
    for (let b = 0; b < blocks; b++) {
      if (count[b]! > 0) held = total[b]! / count[b]!;
      sum[b]! += held;
    }
  }
  if (gaugeIds.length === 0) return null;
  const intensityMmH = Array.from(sum, (s) => s / gaugeIds.length);
  const depthMm = intensityMmH.map((i) => (i * stepMin) / 60);
  return {
    stepMin,
    intensityMmH,
    depthMm,
    totalMm: depthMm.reduce((s, d) => s + d, 0),
    peakIntensityMmH: Math.max(...intensityMmH),
    fromMs,
    toMs,
    gaugeIds,
    readingCount,
  };
}
