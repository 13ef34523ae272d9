import { lazy, Suspense, useCallback, useEffect, useState, type ReactNode } from 'react';
import { loadCityData, type CityData } from './data/city-data.js';
import { EngineContext, type EngineHandle } from './engine/engine-context.js';
import { AdminButton } from './features/admin/admin-button.js';
import { useAdminState } from './features/admin/admin.state.js';
import { useAuth } from './features/auth/auth.state.js';
import { EventsTopbar } from './features/events/events-topbar.js';
import { useCrewArcs } from './features/layers/use-crew-arcs.js';
import { PanelBoundary } from './features/layout/panel-boundary.js';
import { TopbarMenu } from './features/layout/topbar-menu.js';
import { MeasureBar } from './features/measure/measure-bar.js';
import { LiveBadge } from './features/navigation/live-badge.js';
import { SearchBox } from './features/search/search-box.js';
import { localName, useT, type MessageKey } from './state/i18n.js';
import { useHashSync } from './state/use-hash-sync.js';
import { useKeyboardShortcuts } from './state/use-keyboard-shortcuts.js';
import { actions, useViewerState, viewerStore } from './state/store.js';

declare global {
  interface Window {
    /** Test access to the running viewer (engine interface, store, data), in test builds only; not used by the app. */
    gridtwin?: EngineHandle & { store: typeof viewerStore };
  }
}

// Loaded when needed (bundle split, issue "load"): the scene (Cesium, the engine, deck.gl) and each panel are chunks of
// their own, so the top bar is usable before they arrive; the facility view (three.js) loads only when opened.
const loadScene = () => import('./engine/scene-view.js');
const SceneView = lazy(loadScene);
const LayerPanel = lazy(async () => ({ default: (await import('./features/layers/layer-panel.js')).LayerPanel }));
const InspectorPanel = lazy(async () => ({
  default: (await import('./features/inspector/inspector-panel.js')).InspectorPanel,
}));
const EventsStage = lazy(async () => ({ default: (await import('./features/events/events-feature.js')).EventsStage }));
const SimulationPanel = lazy(async () => ({
  default: (await import('./features/simulation/simulation-panel.js')).SimulationPanel,
}));
const FacilityPanel = lazy(async () => ({
  default: (await import('./features/facility/facility-panel.js')).FacilityPanel,
}));
const DigSafePanel = lazy(async () => ({
  default: (await import('./features/excavation/dig-safe-panel.js')).DigSafePanel,
}));
const MyTasks = lazy(async () => ({ default: (await import('./features/crew/my-tasks.js')).MyTasks }));
const AdminPanel = lazy(async () => ({ default: (await import('./features/admin/admin-panel.js')).AdminPanel }));
const Compass = lazy(async () => ({ default: (await import('./features/navigation/compass.js')).Compass }));

/** One panel of the dock: its own error boundary (a failing panel shows its error; the rest lives on) and loader. */
function Panel({ name, children }: { name: MessageKey; children: ReactNode }) {
  const t = useT();
  return (
    <PanelBoundary name={t(name)}>
      <Suspense fallback={null}>{children}</Suspense>
    </PanelBoundary>
  );
}

/** The GridTwin viewer: top bar with search, the 3D scene, layer panel, inspector and tools. */
export function App() {
  const t = useT();
  const language = useViewerState((s) => s.language);
  const facilityNodeId = useViewerState((s) => s.facilityNodeId);
  const adminOpen = useAdminState((s) => s.open);
  const { user } = useAuth();
  const [data, setData] = useState<CityData | null>(null);
  const [handle, setHandle] = useState<EngineHandle | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creditContainer] = useState(() => document.createElement('div'));

  useEffect(() => {
    const abort = new AbortController();
    // The scene's code and the city's data load side by side.
    void loadScene();
    loadCityData(abort.signal)
      .then(setData)
      .catch((err: unknown) => {
        if (!abort.signal.aborted) setError(err instanceof Error ? err.message : String(err));
      });
    return () => abort.abort();
  }, []);

  const onReady = useCallback((h: EngineHandle | null) => {
    setHandle(h);
    if (__GRIDTWIN_TEST_HOOKS__) window.gridtwin = h ? { ...h, store: viewerStore } : undefined;
  }, []);

  useHashSync(handle);
  useCrewArcs(handle);
  useKeyboardShortcuts();

  const city = data?.city;
  const cityName = localName(city, language) ?? '';
  return (
    <EngineContext.Provider value={handle}>
      <div className="app">
        <header className="topbar">
          <h1>GridTwin</h1>
          <span className="city">{cityName}</span>
          <SearchBox />
          <span className="spacer" />
          <TopbarMenu fitKey={`${user?.username ?? ''}|${language}`}>
            <PanelBoundary name={t('panel.topbar')}>
              <EventsTopbar />
              <LiveBadge />
              <MeasureBar />
              <AdminButton />
            </PanelBoundary>
            <button
              className="lang"
              data-testid="language"
              onClick={() => actions.setLanguage(language === 'en' ? 'zh' : 'en')}
            >
              {t('lang.switch')}
            </button>
          </TopbarMenu>
        </header>
        <main className="stage">
          <PanelBoundary name="3D">
            <Suspense fallback={null}>
              <SceneView data={data} creditContainer={creditContainer} onReady={onReady} />
            </Suspense>
          </PanelBoundary>
          {handle && (
            // The dock lays the side panels out in columns (styles.css): none covers another at any window size.
            <div className="dock" data-testid="dock">
              <Panel name="panel.tasks">
                <MyTasks />
              </Panel>
              <Panel name="panel.layers">
                <LayerPanel />
              </Panel>
              <Panel name="panel.inspector">
                <InspectorPanel />
              </Panel>
              <Panel name="panel.events">
                <EventsStage />
              </Panel>
              <Panel name="panel.simulation">
                <SimulationPanel />
              </Panel>
              <Panel name="panel.dig">
                <DigSafePanel />
              </Panel>
              {facilityNodeId && (
                <Panel name="panel.facility">
                  <FacilityPanel nodeId={facilityNodeId} />
                </Panel>
              )}
              <Panel name="panel.topbar">
                <Compass />
              </Panel>
            </div>
          )}
          {handle && adminOpen && (
            <Panel name="panel.admin">
              <AdminPanel />
            </Panel>
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
