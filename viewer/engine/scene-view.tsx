import { Viewer } from 'resium';
import type { CityData } from '../data/city-data.js';
import type { EngineHandle } from './engine-context.js';
import { EngineHost } from './engine-host.js';
import { offlineViewerProps } from './offline-viewer.js';
import { msaaSamples, renderScale } from './render-scale.js';

export interface SceneViewProps {
  data: CityData | null;
  creditContainer: HTMLElement;
  onReady: (handle: EngineHandle | null) => void;
}

/**
 * The 3D scene: resium's Viewer and the engine inside it. Its own module so that Cesium, the engine and deck.gl load as
 * a chunk of their own (app.tsx imports it lazily): the top bar answers before the multi-megabyte scene code arrives.
 */
export default function SceneView({ data, creditContainer, onReady }: SceneViewProps) {
  return (
    <Viewer
      full={false}
      style={{ position: 'absolute', inset: 0 }}
      creditContainer={creditContainer}
      {...offlineViewerProps}
      resolutionScale={renderScale()}
      msaaSamples={msaaSamples()}
    >
      {data && <EngineHost data={data} onReady={onReady} />}
    </Viewer>
  );
}
