import { useEffect, useState } from 'react';
import { UTILITIES } from '../../../core/model/index.js';
import { useEngine } from '../../engine/engine-context.js';
import type { OverlayLegend } from '../../engine/deck-overlay.js';
import {
  SENSOR_STATE_COLORS,
  SENSOR_STATES,
  UTILITY_COLORS,
  HEIGHT_BANDS,
  BUILDING_USE_COLORS,
} from '../../engine/scene-colors.js';
import { RAMP_CSS } from '../../layers/analytics/analytics-style.js';
import type { CrewArc } from '../../layers/crew-arcs/crew-arcs-data.js';
import { crewArcCss } from '../../layers/crew-arcs/crew-arcs-style.js';
import { useT } from '../../state/i18n.js';
import { isPhone } from '../layout/topbar-menu.js';
import { actions, useViewerState, viewerStore, type LayerId, type OverlayMeasure } from '../../state/store.js';

function Toggle({ id, label, swatch }: { id: LayerId; label: string; swatch?: string }) {
  const on = useViewerState((s) => s.layers[id]);
  return (
    <label className="toggle" data-layer={id}>
      <input type="checkbox" checked={on} onChange={() => actions.toggleLayer(id)} />
      {swatch && <span className="swatch line" style={{ background: swatch }} />}
      <span>{label}</span>
    </label>
  );
}

/** Layers with legends, building style, underground mode and the analytics overlay. */
export function LayerPanel() {
  const t = useT();
  const handle = useEngine();
  const style = useViewerState((s) => s.buildingStyle);
  const underground = useViewerState((s) => s.underground);
  const measure = useViewerState((s) => s.overlayMeasure);
  const overlayOn = useViewerState((s) => s.layers.overlay);
  const [legend, setLegend] = useState<OverlayLegend | null>(null);
  // On a phone the panel starts folded: the scene and the crew's tasks come first.
  const [open, setOpen] = useState(() => !isPhone());
  const [arcs, setArcs] = useState<readonly CrewArc[]>(() => handle?.engine.crewArcs.arcs() ?? []);
  const arcsOn = useViewerState((s) => s.layers.arcs);
  useEffect(() => handle?.overlay.onLegend(setLegend), [handle]);
  useEffect(() => handle?.engine.crewArcs.onChange(setArcs), [handle]);

  return (
    <aside className={`layer-panel${open ? '' : ' collapsed'}`} aria-label={t('layers.title')}>
      <button className="panel-title" onClick={() => setOpen(!open)}>
        {t('layers.title')} {open ? '▾' : '▸'}
      </button>
      {open && (
        <>
          <section>
            <Toggle id="basemap" label={t('layers.basemap')} />
            <Toggle id="buildings" label={t('layers.buildings')} />
            <div className="row indent">
              <span className="muted">{t('layers.styleBy')}</span>
              <select
                value={style}
                onChange={(e) => viewerStore.set({ buildingStyle: e.target.value as 'height' | 'use' })}
              >
                <option value="height">{t('layers.style.height')}</option>
                <option value="use">{t('layers.style.use')}</option>
              </select>
            </div>
            <div className="legend indent">
              {style === 'height'
                ? HEIGHT_BANDS.map(([max, color], i) => (
                    <span key={i} className="chip">
                      <span className="swatch" style={{ background: color }} />
                      {Number.isFinite(max) ? `≤${max}` : '>250'}
                    </span>
                  ))
                : (['residential', 'office', 'commercial', 'retail', 'public', 'education', 'unknown'] as const).map(
                    (u) => (
                      <span key={u} className="chip">
                        <span className="swatch" style={{ background: BUILDING_USE_COLORS[u] }} />
                        {t(`use.${u}`)}
                      </span>
                    ),
                  )}
            </div>
          </section>
          {/* Above the networks it reveals: the panel scrolls at half the stage's height, and the switch the hint
              names stays in view. */}
          <section>
            <label className="toggle">
              <input
                type="checkbox"
                data-testid="underground"
                checked={underground.enabled}
                onChange={() => actions.setUnderground({ enabled: !underground.enabled })}
              />
              <span>{t('underground.toggle')}</span>
            </label>
            <label className="row indent">
              <span className="muted">{t('underground.alpha')}</span>
              <input
                type="range"
                min={0}
                max={1}
                step={0.05}
                value={underground.groundAlpha}
                data-testid="ground-alpha"
                disabled={!underground.enabled}
                onChange={(e) => actions.setUnderground({ groundAlpha: Number(e.target.value) })}
              />
              <span className="muted num">{Math.round(underground.groundAlpha * 100)}%</span>
            </label>
          </section>
          <section>
            {!underground.enabled && <div className="muted hint">{t('layers.networksHint')}</div>}
            {UTILITIES.map((u) => (
              <Toggle key={u} id={`network:${u}`} label={t(`utility.${u}`)} swatch={UTILITY_COLORS[u]} />
            ))}
          </section>
          <section>
            <Toggle id="sensors" label={t('layers.sensors')} />
            <div className="legend indent">
              {SENSOR_STATES.map((s) => (
                <span key={s} className="chip">
                  <span className="swatch dot" style={{ background: SENSOR_STATE_COLORS[s] }} />
                  {t(`sensor.state.${s}`)}
                </span>
              ))}
            </div>
            <Toggle id="grids" label={t('layers.grids')} />
          </section>
          <section>
            <Toggle id="overlay" label={t('layers.overlay')} />
            <div className="row indent">
              <select
                value={measure}
                disabled={!overlayOn}
                onChange={(e) => viewerStore.set({ overlayMeasure: e.target.value as OverlayMeasure })}
              >
                {(['population', 'buildings', 'sensors'] as const).map((m) => (
                  <option key={m} value={m}>
                    {t(`layers.measure.${m}`)}
                  </option>
                ))}
              </select>
            </div>
            {overlayOn && legend && (
              <div className="ramp indent">
                <div className="ramp-bar" style={{ background: RAMP_CSS }} />
                <div className="ramp-labels">
                  <span>{formatValue(legend.min)}</span>
                  <span>{formatValue(legend.max)}</span>
                </div>
              </div>
            )}
          </section>
          <section data-testid="arcs-legend">
            <Toggle id="arcs" label={t('layers.arcs')} />
            <div className="legend indent">
              {(['assigned', 'responsible', 'nearest', 'incident'] as const).map((role) => (
                <span key={role} className="chip">
                  <span
                    className={role === 'incident' ? 'swatch dot' : 'swatch line'}
                    style={{ background: crewArcCss(role) }}
                  />
                  {t(`layers.arcs.${role}`)}
                </span>
              ))}
            </div>
            {arcsOn && arcs.length === 0 && <div className="muted hint indent">{t('layers.arcs.hint')}</div>}
            {arcsOn && arcs.length > 0 && (
              <ul className="arc-list indent" data-testid="arc-list">
                {arcs.map((a) => (
                  <li key={a.crewId} data-crew={a.crewId}>
                    <span className="swatch line" style={{ background: crewArcCss(a.role) }} />
                    <span className="arc-name">{a.crewName}</span>
                    <span className="muted num">{t('layers.arcs.km', { km: (a.distanceM / 1000).toFixed(1) })}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </aside>
  );
}

function formatValue(v: number): string {
  return v >= 1000 ? `${(v / 1000).toFixed(1)}k` : v.toFixed(v < 10 ? 1 : 0);
}
