import { useCallback, useEffect, useState } from 'react';
import { Viewer } from 'resium';
import { loadCityData, type CityData } from './data/city-data.js';
import { EngineContext, type EngineHandle } from './engine/engine-context.js';
import { EngineHost } from './engine/engine-host.js';
import { offlineViewerProps } from './engine/offline-viewer.js';
import { EventsStage, EventsTopbar } from './features/events/events-feature.js';
import { FacilityPanel } from './features/facility/facility-panel.js';
import { InspectorPanel } from './features/inspector/inspector-panel.js';
import { LayerPanel } from './features/layers/layer-panel.js';
import { useCrewArcs } from './features/layers/use-crew-arcs.js';
import { MeasureBar } from './features/measure/measure-bar.js';
import { Compass } from './features/navigation/compass.js';
import { LiveBadge } from './features/navigation/live-badge.js';
import { SearchBox } from './features/search/search-box.js';
import { SimulationPanel } from './features/simulation/simulation-panel.js';
import { useT } from './state/i18n.js';
import { useHashSync } from './state/use-hash-sync.js';
import { useKeyboardShortcuts } from './state/use-keyboard-shortcuts.js';
import { actions, useViewerState, viewerStore } from './state/store.js';

declare global {
  interface Window {
    /** Test and console access to the running viewer (engine interface, store, data); not used by the app. */
    gridtwin?: EngineHandle & { store: typeof viewerStore };
  }
}

/** The GridTwin viewer: top bar with search, the 3D scene, layer panel, inspector and tools. */
export function App() {
  const t = useT();
  const language = useViewerState((s) => s.language);
  const facilityNodeId = useViewerState((s) => s.facilityNodeId);
  const [data, setData] = useState<CityData | null>(null);
  const [handle, setHandle] = useState<EngineHandle | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creditContainer] = useState(() => document.createElement('div'));

  useEffect(() => {
    const abort = new AbortController();
    loadCityData(abort.signal)
      .then(setData)
      .catch((err: unknown) => {
        if (!abort.signal.aborted) setError(err instanceof Error ? err.message : String(err));
      });
    return () => abort.abort();
  }, []);

  const onReady = useCallback((h: EngineHandle | null) => {
    setHandle(h);
    window.gridtwin = h ? { ...h, store: viewerStore } : undefined;
  }, []);

  useHashSync(handle);
  useCrewArcs(handle);
  useKeyboardShortcuts();

  const city = data?.city;
  const cityName = city ? (language === 'en' && city.nameEn ? city.nameEn : city.name) : '';
  return (
    <EngineContext.Provider value={handle}>
      <div className="app">
        <header className="topbar">
          <h1>GridTwin</h1>
          <span className="city">{cityName}</span>
          <SearchBox />
          <span className="spacer" />
          <EventsTopbar />
          <LiveBadge />
          <MeasureBar />
          <button
            className="lang"
            data-testid="language"
            onClick={() => actions.setLanguage(language === 'en' ? 'zh' : 'en')}
          >
            {t('lang.switch')}
          </button>
        </header>
        <main className="stage">
          <Viewer
            full={false}
            style={{ position: 'absolute', inset: 0 }}
            creditContainer={creditContainer}
            {...offlineViewerProps}
          >
            {data && <EngineHost data={data} onReady={onReady} />}
          </Viewer>
          {handle && (
            // The dock lays the side panels out in columns (styles.css): none covers another at any window size.
            <div className="dock" data-testid="dock">
              <LayerPanel />
              <InspectorPanel />
              <EventsStage />
              <SimulationPanel />
              {facilityNodeId && <FacilityPanel nodeId={facilityNodeId} />}
              <Compass />
            </div>
          )}
          {error && (
            <div className="status error" role="alert">
              {t('app.loadError', { error })}
            </div>
          )}
          {!error && !handle && <div className="status">{t('app.loading')}</div>}
          <div className="credits">{city?.attribution.join(' · ')}</div>
        </main>
      </div>
    </EngineContext.Provider>
  );
}
