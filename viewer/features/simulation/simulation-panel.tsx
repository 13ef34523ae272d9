import { useEffect, useMemo, useRef, useState } from 'react';
import './simulation.css';
import type { NetworkNode } from '../../../core/model/index.js';
import { roleMay, SIMULATION_ROLES } from '../../../core/model/user.schema.js';
import { useEngine } from '../../engine/engine-context.js';
import { isPhone } from '../layout/topbar-menu.js';
import type { CityData } from '../../data/city-data.js';
import { ElementList } from '../inspector/inspector-parts.js';
import { elementName } from '../inspector/element-name.js';
import { useViewerState } from '../../state/store.js';
import { useT } from '../../state/i18n.js';
import { useAuth } from '../auth/auth.state.js';
import { createEventsFromRun, runSimulation } from './simulation-api.js';
import { simulationLayers, valveLabel } from './simulation-layers.js';
import { runTime } from './simulation-playback.js';
import { SimulationCharts, SimulationPlayback } from './simulation-timeline.js';
import { simulationStore, useSimulation } from './simulation.state.js';
import { WaterColumns } from './water-columns.js';

const LAYER_KEY = 'simulation';

declare global {
  interface Window {
    /** The storm playback's water columns, for tests and debugging (set while a storm run is shown). */
    gridtwinSimulation?: { columns: WaterColumns | null };
  }
}

/** Height of the crown of a node's lowest outgoing pipe (any connected pipe when none leaves it), m. */
function crownOf(data: CityData, node: NetworkNode): number {
  const links = data.linksByNode.get(node.id) ?? [];
  const out = links.filter((l) => l.fromNodeId === node.id);
  const sizes = (out.length > 0 ? out : links).map((l) => l.diameterMm / 1000).filter((d) => d > 0);
  return sizes.length > 0 ? Math.min(...sizes) : node.groundM - node.invertM;
}

/** The storm run's water columns in the Cesium scene: built once per run, moved to each playback frame. */
function useWaterColumns(
  data: CityData,
  scene: ConstructorParameters<typeof WaterColumns>[0],
  run: ReturnType<typeof useSimulation>['run'],
  frame: number,
): void {
  const columns = useRef<WaterColumns | null>(null);
  const timeline =
    run?.kind === 'storm'
      ? (run.result.timeline as { nodeIds: string[]; nodeDepthM: number[][] } | undefined)
      : undefined;
  useEffect(() => {
    if (!timeline) return;
    const c = new WaterColumns(scene, timeline.nodeIds, data.nodeById, data.city.groundElevationM, (n) =>
      crownOf(data, n),
    );
    columns.current = c;
    if (__GRIDTWIN_TEST_HOOKS__) window.gridtwinSimulation = { columns: c };
    return () => {
      c.destroy();
      columns.current = null;
      if (__GRIDTWIN_TEST_HOOKS__) window.gridtwinSimulation = { columns: null };
    };
  }, [scene, data, timeline]);
  useEffect(() => {
    if (timeline)
      columns.current?.setDepths(timeline.nodeDepthM[Math.min(frame, timeline.nodeDepthM.length - 1)] ?? []);
  }, [timeline, frame]);
}

/**
 * The simulation panel (bottom left): a storm form (design storm or the rain gauges), the last run's lists (valves
 * to close, buildings cut off or at low pressure, evacuation zone, flooded manholes), its timeline with sensor
 * history, "create events" for the responsible grids, and the result drawn in the deck.gl overlay and (storm water
 * levels) in the Cesium scene.
 */
export function SimulationPanel() {
  const t = useT();
  const language = useViewerState((s) => s.language);
  const handle = useEngine()!;
  const auth = useAuth();
  const sim = useSimulation();
  const [storm, setStorm] = useState({ returnPeriodYears: 3, durationMin: 120, gauges: false, open: false });
  const { run, frame } = sim;
  const data = handle.data;

  useEffect(() => {
    if (!run) return;
    handle.overlay.setFeatureLayer(LAYER_KEY, null);
    const layers = simulationLayers(data, run.kind, run.result, frame);
    layers.forEach((layer, i) => handle.overlay.setFeatureLayer(`${LAYER_KEY}-${i}`, layer));
    return () => {
      for (let i = 0; i < 8; i++) handle.overlay.setFeatureLayer(`${LAYER_KEY}-${i}`, null);
    };
  }, [handle, data, run, frame]);
  useWaterColumns(data, handle.engine.sceneForOverlays, run, frame);
  const time = useMemo(() => (run ? runTime(run.kind, run.result, Date.now()) : null), [run]);
  // On a phone the panel sits below the inspector in the bottom sheet: a new result is scrolled to, or pressing
  // "simulate burst" seemed to do nothing (the valves and buildings were below the fold of the sheet).
  const panelRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (run?.id && isPhone()) panelRef.current?.scrollIntoView({ block: 'start' });
  }, [run?.id]);

  if (!roleMay(SIMULATION_ROLES, auth.user?.role)) return null;
  const r = run?.result ?? {};
  const buildingItem = (id: string) => ({
    selection: { type: 'building' as const, id },
    label: elementName(data, { type: 'building', id }, language) ?? id,
  });
  const nodeItem = (id: string) => ({
    selection: { type: 'node' as const, id },
    label: elementName(data, { type: 'node', id }, language) ?? id,
  });
  // Numbered as on the map (V1, V2...). EPANET valves are links (TCV, GPV...): select the link for those, the node
  // otherwise.
  const valveLinkIds = new Set((r.valveLinksToClose as string[] | undefined) ?? []);
  const valveItem = (id: string, i: number) => {
    const item = valveLinkIds.has(id)
      ? { selection: { type: 'link' as const, id }, label: elementName(data, { type: 'link', id }, language) ?? id }
      : nodeItem(id);
    return { ...item, label: `${valveLabel(i)} · ${item.label}` };
  };
  const hyd = r.hydraulics as { lowPressureBuildings?: string[] } | undefined;
  const periods =
    (r.periods as
      | {
          startMin: number;
          endMin: number;
          windSpeedMs: number;
          windFromDeg: number;
          stability: string;
          affectedBuildings: string[];
        }[]
      | undefined) ?? [];
  const period = periods[Math.min(frame, periods.length - 1)];

  return (
    <aside
      ref={panelRef}
      className={`sim-panel${run || storm.open || sim.running ? ' busy' : ''}`}
      data-testid="sim-panel"
      aria-label={t('sim.title')}
    >
      <div className="sim-head">
        <strong>{t('sim.title')}</strong>
        <button data-testid="sim-storm-toggle" onClick={() => setStorm({ ...storm, open: !storm.open })}>
          {t('sim.storm')}
        </button>
        {run && (
          <button
            data-testid="sim-clear"
            onClick={() => simulationStore.set({ run: null, eventIds: null, eventId: null, playing: false })}
          >
            {t('sim.clear')}
          </button>
        )}
      </div>
      {storm.open && (
        <div className="sim-form">
          <label>
            {t('sim.rainSource')}
            <select
              data-testid="sim-rain-source"
              value={storm.gauges ? 'gauges' : 'design'}
              onChange={(e) => setStorm({ ...storm, gauges: e.target.value === 'gauges' })}
            >
              <option value="design">{t('sim.rainDesign')}</option>
              <option value="gauges">{t('sim.rainGauges')}</option>
            </select>
          </label>
          <label>
            {t('sim.returnPeriod')}
            <input
              type="number"
              min="1"
              max="100"
              disabled={storm.gauges}
              value={storm.returnPeriodYears}
              onChange={(e) => setStorm({ ...storm, returnPeriodYears: Number(e.target.value) })}
            />
          </label>
          <label>
            {t('sim.duration')}
            <input
              type="number"
              min="10"
              max="1440"
              step="10"
              value={storm.durationMin}
              onChange={(e) => setStorm({ ...storm, durationMin: Number(e.target.value) })}
            />
          </label>
          <button
            data-testid="sim-storm"
            disabled={sim.running}
            onClick={() =>
              void runSimulation(
                storm.gauges
                  ? { kind: 'storm', utility: 'storm', durationMin: storm.durationMin, rain: { source: 'gauges' } }
                  : {
                      kind: 'storm',
                      utility: 'storm',
                      returnPeriodYears: storm.returnPeriodYears,
                      durationMin: storm.durationMin,
                    },
              )
            }
          >
            {t('sim.stormRun')}
          </button>
        </div>
      )}
      {sim.running && <div className="muted">{t('sim.running')}</div>}
      {sim.error && (
        <div className="error" role="alert">
          {sim.error}
        </div>
      )}
      {run && time && <SimulationPlayback time={time} frame={frame} playing={sim.playing} />}
      {run?.kind === 'burst' && (
        <div data-testid="sim-burst-result">
          {r.isolable === false && <div className="error">{t('sim.notIsolable')}</div>}
          <div>
            {t('sim.population')}: <strong data-field="population">{Number(r.population).toLocaleString()}</strong>
          </div>
          <ElementList title={t('sim.valves')} items={(r.valvesToClose as string[]).map(valveItem)} />
          <ElementList title={t('sim.affectedBuildings')} items={(r.affectedBuildings as string[]).map(buildingItem)} />
          <ElementList title={t('sim.lowPressure')} items={(hyd?.lowPressureBuildings ?? []).map(buildingItem)} />
        </div>
      )}
      {run?.kind === 'gas-leak' && (
        <div data-testid="sim-gas-result">
          {period && periods.length > 1 && (
            <div data-testid="sim-wind-period">
              {t('sim.windPeriod', {
                speed: period.windSpeedMs,
                dir: period.windFromDeg,
                stability: period.stability,
                from: Math.round(period.startMin),
                to: Math.round(period.endMin),
              })}
            </div>
          )}
          <div>
            {t('sim.population')}: <strong>{Number(r.population).toLocaleString()}</strong>
          </div>
          <ElementList title={t('sim.valves')} items={(r.valvesToClose as string[]).map(valveItem)} />
          <ElementList title={t('sim.evacuation')} items={(r.affectedBuildings as string[]).map(buildingItem)} />
        </div>
      )}
      {run?.kind === 'storm' && (
        <div data-testid="sim-storm-result">
          <div className="muted">{t('sim.waterLegend')}</div>
          <ElementList
            title={t('sim.flooded')}
            items={(r.flooded as { nodeId: string; floodVolumeM3: number; firstFloodAtMin: number }[]).map((m) => ({
              ...nodeItem(m.nodeId),
              label: `${nodeItem(m.nodeId).label} · ${t('sim.floodedAt', { min: m.firstFloodAtMin, volume: Math.round(m.floodVolumeM3) })}`,
            }))}
          />
          <ElementList
            title={t('sim.surcharged')}
            items={(r.surcharged as { nodeId: string }[]).map((m) => nodeItem(m.nodeId))}
          />
        </div>
      )}
      {run &&
        (sim.eventIds ? (
          <div data-testid="sim-event" data-count={sim.eventIds.length}>
            {t('sim.eventsCreated', { n: sim.eventIds.length })}
          </div>
        ) : (
          <button data-testid="sim-create-event" onClick={() => void createEventsFromRun(run.id)}>
            {t('sim.createEvent')}
          </button>
        ))}
      {run && time && <SimulationCharts data={data} kind={run.kind} result={r} time={time} frame={frame} />}
    </aside>
  );
}
