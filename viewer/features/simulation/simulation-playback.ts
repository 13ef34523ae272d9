import { cityClock } from '../../../core/time/city-time.js';
import type { Sensor } from '../../../core/model/index.js';
import type { CityData } from '../../data/city-data.js';

/** A run's time axis as the server answers it (server/simulation/simulation-time.ts). */
export interface RunTime {
  startMs: number;
  startTime: string;
  durationMin: number;
  stepsMin: number[];
}

/** A sensor to compare with the run: its simulated value at each playback step (null where the run says nothing). */
export interface CompareSeries {
  sensor: Sensor;
  /** Aligned with `time.stepsMin`, in the sensor's unit. */
  simulated: (number | null)[];
}

type Result = Record<string, unknown>;

/** The run's time axis; older runs without one play on their own frames from "now minus the duration". */
export function runTime(kind: string, result: Result, nowMs: number): RunTime {
  const t = result.time as RunTime | undefined;
  if (t && Array.isArray(t.stepsMin) && t.stepsMin.length > 0) return t;
  const steps = kind === 'storm' ? ((result.timeline as { timesMin?: number[] } | undefined)?.timesMin ?? [0]) : [0];
  const durationMin = Math.max(60, steps[steps.length - 1] ?? 0);
  const startMs = nowMs - durationMin * 60_000;
  return { startMs, startTime: new Date(startMs).toISOString(), durationMin, stepsMin: steps };
}

/** "HH:MM" (in the city's time zone) of a playback step, with the minute offset: `14:05 (+35 min)`. */
export function stepLabel(time: RunTime, step: number, timeZone?: string): string {
  const min = time.stepsMin[Math.max(0, Math.min(step, time.stepsMin.length - 1))] ?? 0;
  return `${cityClock(time.startMs + min * 60_000, timeZone).time} (+${Math.round(min)} min)`;
}

/**
 * Up to `max` sensors of the affected area with what the run says they should read: storm — level sensors on the
 * surcharged manholes first (simulated water depth) and one rain gauge (the hyetograph); burst — pressure sensors on
 * the network, low-pressure and cut-off nodes first (simulated pressure after isolation); gas leak — gas detectors
 * nearest the leak (measured only: the plume gives g/m³ at ground level, not what a detector in a chamber reads).
 */
export function compareSensors(data: CityData, kind: string, result: Result, time: RunTime, max = 3): CompareSeries[] {
  const out: CompareSeries[] = [];
  const mountedOn = (nodeId: string, sensorKind: string) =>
    data.sensorsByMount.get(nodeId)?.filter((s) => s.kind === sensorKind) ?? [];
  if (kind === 'storm') {
    const tl = result.timeline as { nodeIds: string[]; nodeDepthM: number[][] } | undefined;
    if (tl) {
      const index = new Map(tl.nodeIds.map((id, i) => [id, i]));
      const surcharged = ((result.surcharged as { nodeId: string }[] | undefined) ?? []).map((m) => m.nodeId);
      const ordered = [...new Set([...surcharged, ...tl.nodeIds])];
      for (const nodeId of ordered) {
        for (const s of mountedOn(nodeId, 'level')) {
          if (out.length >= max - 1) break;
          const i = index.get(nodeId)!;
          out.push({ sensor: s, simulated: tl.nodeDepthM.map((row) => row[i] ?? null) });
        }
        if (out.length >= max - 1) break;
      }
    }
    const storm = result.storm as { stepMin: number; intensityMmH: number[] } | undefined;
    const gauge = data.sensors.find((s) => s.kind === 'rain');
    if (gauge && storm) {
      out.push({
        sensor: gauge,
        simulated: time.stepsMin.map((m) => storm.intensityMmH[Math.floor((m - 1e-9) / storm.stepMin)] ?? 0),
      });
    }
  } else if (kind === 'burst') {
    const hyd = result.hydraulics as
      { nodeIds: string[]; pressureAfterM: number[][]; lowPressureNodes?: { nodeId: string }[] } | null | undefined;
    if (hyd) {
      const index = new Map(hyd.nodeIds.map((id, i) => [id, i]));
      const first = [
        ...(hyd.lowPressureNodes ?? []).map((n) => n.nodeId),
        ...((result.cutOffNodes as string[] | undefined) ?? []),
      ];
      const ordered = [...new Set([...first, ...hyd.nodeIds])];
      for (const nodeId of ordered) {
        for (const s of mountedOn(nodeId, 'pressure')) {
          if (out.length >= max) break;
          const i = index.get(nodeId)!;
          const scale = s.unit === 'kPa' ? 9.80665 : s.unit === 'MPa' ? 0.00980665 : 1;
          out.push({
            sensor: s,
            simulated: time.stepsMin.map((_, p) => {
              const v = hyd.pressureAfterM[Math.min(p, hyd.pressureAfterM.length - 1)]?.[i];
              return v === undefined ? null : v * scale;
            }),
          });
        }
        if (out.length >= max) break;
      }
    }
  } else {
    const source = result.source as [number, number] | undefined;
    if (source) {
      const near = data.sensors
        .filter((s) => s.kind === 'gas')
        .map((s) => ({
          s,
          d: Math.hypot((s.position[0] - source[0]) * Math.cos((source[1] * Math.PI) / 180), s.position[1] - source[1]),
        }))
        .sort((a, b) => a.d - b.d)
        .slice(0, max);
      for (const { s } of near) out.push({ sensor: s, simulated: time.stepsMin.map(() => null) });
    }
  }
  return out;
}

/** Why a run shows no sensor chart: the key of a sentence saying so (null when it has some). */
export type NoChartReason =
  'sim.chart.noHydraulics' | 'sim.chart.noPressureSensor' | 'sim.chart.noLevelSensor' | 'sim.chart.noGasSensor';

/**
 * Why `compareSensors` found nothing to chart for a run: a burst on a network the hydraulic solver did not run on,
 * or no pressure sensor on the network; a storm without level sensors on its manholes or rain gauge; a gas leak with
 * no gas detector in the city.
 */
export function noChartReason(data: CityData, kind: string, result: Result): NoChartReason | null {
  if (kind === 'burst') {
    if (!result.hydraulics) return 'sim.chart.noHydraulics';
    return 'sim.chart.noPressureSensor';
  }
  if (kind === 'storm') return 'sim.chart.noLevelSensor';
  return data.sensors.some((s) => s.kind === 'gas') ? null : 'sim.chart.noGasSensor';
}
