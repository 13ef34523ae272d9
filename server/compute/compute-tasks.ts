import type { Building, NetworkLink, NetworkNode } from '../../core/model/index.js';
import {
  gasLeakUnderWindSeries,
  simulateStormEvent,
  type GasLeakWindSeries,
  type StormEventInput,
  type StormEventResult,
  type WindPeriod,
} from '../../core/simulation/index.js';
import type { EpanetRun, EpanetScenario } from '../simulation/epanet-runner.js';
import { solveEpanetHere } from '../simulation/burst-hydraulics.js';
import { runSwmm } from '../simulation/swmm/swmm-engine.js';
import { simulateStormWithSwmm, type SwmmStormResult } from '../simulation/swmm/swmm-storm.js';

/** A storm as the simulation service answers it: SWMM's result, or the simplified router's with the reason. */
export type StormTaskResult = SwmmStormResult | (StormEventResult & { engine: 'simplified'; fallbackReason?: string });

/**
 * The heavy computations the server hands to its compute pool, each a function of plain (structured-cloneable) data.
 * The pool's workers and its in-thread mode run exactly these, so both answer the same.
 */
export const COMPUTE_TASKS = {
  /** EPANET runs of one .inp under several scenarios, in order (a burst: as is, isolated, leaking). */
  epanet(input: { inp: string; scenarios: readonly EpanetScenario[] }): Promise<EpanetRun[]> {
    return solveEpanetHere(input.inp, input.scenarios);
  },

  /** A gas leak's plume under a changing wind (core `gasLeakUnderWindSeries`). */
  plume(input: {
    leak: Parameters<typeof gasLeakUnderWindSeries>[0];
    wind: readonly WindPeriod[];
    lastEndMin: number;
    buildings: readonly Building[];
  }): GasLeakWindSeries {
    return gasLeakUnderWindSeries(input.leak, input.wind, input.lastEndMin, input.buildings);
  },

  /**
   * A storm routed by EPA SWMM (on this thread: the task already runs on a pool worker) or by the simplified router;
   * when SWMM fails the simplified router answers and `fallbackReason` says why. RangeErrors (bad input) propagate.
   */
  async storm(input: {
    engine: 'swmm' | 'simplified';
    nodes: readonly NetworkNode[];
    links: readonly NetworkLink[];
    buildings: readonly Building[];
    input: StormEventInput;
  }): Promise<StormTaskResult> {
    let fallbackReason: string | undefined;
    if (input.engine === 'swmm') {
      try {
        return await simulateStormWithSwmm(input.nodes, input.links, input.buildings, input.input, { run: runSwmm });
      } catch (err) {
        if (err instanceof RangeError) throw err;
        fallbackReason = err instanceof Error ? err.message : String(err);
      }
    }
    const result = simulateStormEvent(input.nodes, input.links, input.buildings, input.input);
    return { ...result, engine: 'simplified', ...(fallbackReason ? { fallbackReason } : {}) };
  },
};

export type ComputeTasks = typeof COMPUTE_TASKS;
export type ComputeTaskKind = keyof ComputeTasks;
export type ComputeTaskInput<K extends ComputeTaskKind> = Parameters<ComputeTasks[K]>[0];
export type ComputeTaskOutput<K extends ComputeTaskKind> = Awaited<ReturnType<ComputeTasks[K]>>;
