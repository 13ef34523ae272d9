import { useCallback, useEffect, useState } from 'react';
import { Viewer } from 'resium';
import type { Building, Grid } from '../core/model/index.js';
import { api, type CityInfo } from './api/api-client.js';
import { offlineViewerProps } from './engine/offline-viewer.js';
import { CityScene } from './scene/city-scene.js';
import { InspectorPanel } from './panels/inspector-panel.js';

/** The GridTwin viewer: top bar, the 3D scene, and the inspector of what is selected. */
export function App() {
  const [city, setCity] = useState<CityInfo | null>(null);
  const [buildings, setBuildings] = useState<Building[]>([]);
  const [cells, setCells] = useState<Grid[]>([]);
  const [selected, setSelected] = useState<Building | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creditContainer] = useState(() => document.createElement('div'));

  useEffect(() => {
    const abort = new AbortController();
    Promise.all([api.city(abort.signal), api.buildings(abort.signal), api.cells(abort.signal)])
      .then(([c, b, g]) => {
        setCity(c);
        setBuildings(b.items);
        setCells(g.items);
      })
      .catch((err: unknown) => {
        if (!abort.signal.aborted) setError(err instanceof Error ? err.message : String(err));
      });
    return () => abort.abort();
  }, []);

  const onPick = useCallback((id: string | null) => {
    if (!id) return setSelected(null);
    const building = buildings.find((b) => b.id === id);
    setSelected(building ?? null);
  }, [buildings]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') setSelected(null); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="app">
      <header className="topbar">
        <h1>GridTwin</h1>
        <span className="city">{city ? `${city.name}${city.nameEn ? ` · ${city.nameEn}` : ''}` : 'loading…'}</span>
        <span className="stats">
          {city?.counts && Object.entries(city.counts).map(([k, v]) => <span key={k}>{k} {v.toLocaleString()}</span>)}
        </span>
      </header>
      <main className="stage">
        <Viewer full={false} style={{ position: 'absolute', inset: 0 }} creditContainer={creditContainer} {...offlineViewerProps}>
          {city && <CityScene city={city} buildings={buildings} cells={cells} onPick={onPick} />}
        </Viewer>
        {selected && <InspectorPanel building={selected} onClose={() => setSelected(null)} />}
        {error && <div className="status error" role="alert">Cannot load the city: {error}</div>}
        {!error && !city && <div className="status">Loading the city…</div>}
        <div className="credits">{city?.attribution.join(' · ')}</div>
      </main>
    </div>
  );
}
