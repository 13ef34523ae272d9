import { useEffect, useState } from 'react';
import './simulation.css';
import type { Utility } from '../../../core/model/index.js';
import { useEngine } from '../../engine/engine-context.js';
import { ElementList } from '../inspector/inspector-parts.js';
import { useT } from '../../state/i18n.js';
import { useAuth } from '../auth/auth.state.js';
import { createEventFromRun, runSimulation } from './simulation-api.js';
import { simulationLayers } from './simulation-layers.js';
import { simulationStore, useSimulation } from './simulation.state.js';

const LAYER_KEY = 'simulation';

/**
 * The simulation panel (bottom left): a storm form (return period, duration), the last run's lists (valves to close,
 * buildings cut off or at low pressure, evacuation zone, flooded manholes with a timeline slider), "create event",
 * and the result drawn in the deck.gl overlay.
 */
export function SimulationPanel() {
  const t = useT();
  const handle = useEngine()!;
  const auth = useAuth();
  const sim = useSimulation();
  const [storm, setStorm] = useState({ returnPeriodYears: 3, durationMin: 120, open: false });
  const { run, frame } = sim;

  useEffect(() => {
    if (!run) return;
    handle.overlay.setFeatureLayer(LAYER_KEY, null);
    simulationLayers(handle.data, run.kind, run.result, frame).forEach((layer, i) => handle.overlay.setFeatureLayer(`${LAYER_KEY}-${i}`, layer));
    return () => { for (let i = 0; i < 6; i++) handle.overlay.setFeatureLayer(`${LAYER_KEY}-${i}`, null); };
  }, [handle, run, frame]);

  if (!auth.user) return null;
  const r = run?.result ?? {};
  const data = handle.data;
  const buildingItem = (id: string) => { const b = data.buildingById.get(id); return { selection: { type: 'building' as const, id }, label: b?.name ?? b?.nameEn ?? (b?.address ? `${b.address.street}${b.address.number ?? ''}` : id) }; };
  const nodeItem = (id: string) => ({ selection: { type: 'node' as const, id }, label: data.nodeById.get(id)?.name ?? id });
  const hyd = r.hydraulics as { lowPressureBuildings?: string[] } | undefined;
  const timeline = r.timeline as { timesMin: number[] } | undefined;
  const sourceLonLat = (): [number, number] | null => {
    if (run?.kind === 'gas-leak') return r.source as [number, number];
    if (run?.kind === 'burst') { const v = (r.workOrder as { position: [number, number] }[] | undefined)?.[0]; return v?.position ?? null; }
    const f = (r.flooded as { position: [number, number] }[] | undefined)?.[0];
    return f?.position ?? null;
  };
  const onEvent = () => {
    const at = sourceLonLat();
    if (!run || !at) return;
    const utility = (r.utility as Utility | undefined) ?? (run.kind === 'gas-leak' ? 'gas' : 'water');
    const what = run.kind === 'burst' ? `main burst on ${String(r.linkId)}: close ${(r.valvesToClose as string[]).length} valves, ${String(r.population)} people without water`
      : run.kind === 'gas-leak' ? `gas leak: ${(r.affectedBuildings as string[]).length} buildings in the evacuation zone`
        : `storm: ${(r.flooded as unknown[]).length} manholes overflow`;
    void createEventFromRun({ lonLat: at, category: run.kind === 'storm' ? 'flooding' : run.kind === 'burst' ? 'water-burst' : 'gas-leak', title: what.slice(0, 80), description: `${what} (simulation ${run.id})`, utility });
  };

  return (
    <aside className="sim-panel" data-testid="sim-panel" aria-label={t('sim.title')}>
      <div className="sim-head">
        <strong>{t('sim.title')}</strong>
        <button data-testid="sim-storm-toggle" onClick={() => setStorm({ ...storm, open: !storm.open })}>{t('sim.storm')}</button>
        {run && <button onClick={() => simulationStore.set({ run: null, eventId: null })}>{t('sim.clear')}</button>}
      </div>
      {storm.open && (
        <div className="sim-form">
          <label>{t('sim.returnPeriod')}<input type="number" min="1" max="100" value={storm.returnPeriodYears} onChange={(e) => setStorm({ ...storm, returnPeriodYears: Number(e.target.value) })} /></label>
          <label>{t('sim.duration')}<input type="number" min="10" max="1440" step="10" value={storm.durationMin} onChange={(e) => setStorm({ ...storm, durationMin: Number(e.target.value) })} /></label>
          <button data-testid="sim-storm" disabled={sim.running} onClick={() => void runSimulation({ kind: 'storm', utility: 'storm', returnPeriodYears: storm.returnPeriodYears, durationMin: storm.durationMin })}>{t('sim.stormRun')}</button>
        </div>
      )}
      {sim.running && <div className="muted">{t('sim.running')}</div>}
      {sim.error && <div className="error" role="alert">{sim.error}</div>}
      {run?.kind === 'burst' && (
        <div data-testid="sim-burst-result">
          {r.isolable === false && <div className="error">{t('sim.notIsolable')}</div>}
          <div>{t('sim.population')}: <strong data-field="population">{Number(r.population).toLocaleString()}</strong></div>
          <ElementList title={t('sim.valves')} items={(r.valvesToClose as string[]).map(nodeItem)} />
          <ElementList title={t('sim.affectedBuildings')} items={(r.affectedBuildings as string[]).map(buildingItem)} />
          <ElementList title={t('sim.lowPressure')} items={(hyd?.lowPressureBuildings ?? []).map(buildingItem)} />
        </div>
      )}
      {run?.kind === 'gas-leak' && (
        <div data-testid="sim-gas-result">
          <div>{t('sim.population')}: <strong>{Number(r.population).toLocaleString()}</strong></div>
          <ElementList title={t('sim.valves')} items={(r.valvesToClose as string[]).map(nodeItem)} />
          <ElementList title={t('sim.evacuation')} items={(r.affectedBuildings as string[]).map(buildingItem)} />
        </div>
      )}
      {run?.kind === 'storm' && timeline && (
        <div data-testid="sim-storm-result">
          <label className="sim-timeline">{t('sim.time', { min: Math.round(timeline.timesMin[frame] ?? 0) })}
            <input type="range" min={0} max={timeline.timesMin.length - 1} value={frame} onChange={(e) => simulationStore.set({ frame: Number(e.target.value) })} />
          </label>
          <ElementList title={t('sim.flooded')} items={(r.flooded as { nodeId: string; floodVolumeM3: number; firstFloodAtMin: number }[]).map((m) => ({ ...nodeItem(m.nodeId), label: `${nodeItem(m.nodeId).label} · ${m.firstFloodAtMin} min · ${Math.round(m.floodVolumeM3)} m³` }))} />
          <ElementList title={t('sim.surcharged')} items={(r.surcharged as { nodeId: string }[]).map((m) => nodeItem(m.nodeId))} />
        </div>
      )}
      {run && (sim.eventId
        ? <div data-testid="sim-event">{t('sim.eventCreated', { id: sim.eventId })}</div>
        : <button data-testid="sim-create-event" onClick={onEvent}>{t('sim.createEvent')}</button>)}
    </aside>
  );
}
