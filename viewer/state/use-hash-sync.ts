import { useEffect } from 'react';
import type { EngineHandle } from '../engine/engine-context.js';
import { formatHash, parseHash } from './url-hash.js';
import { viewerStore } from './store.js';

/** How long the camera must rest before the URL follows it (ms): history entries are not written per frame. */
const SETTLE_MS = 500;

/**
 * Keeps the URL hash a shareable link: on start the hash restores camera and selection; afterwards camera moves and
 * selections rewrite it (replaceState, so Back still leaves the page).
 */
export function useHashSync(handle: EngineHandle | null): void {
  useEffect(() => {
    if (!handle) return;
    const { engine } = handle;
    const initial = parseHash(location.hash);
    if (initial.camera) engine.setCameraView(initial.camera);
    if (initial.selection) viewerStore.set({ selection: initial.selection });
    let timer: ReturnType<typeof setTimeout> | null = null;
    const write = () => {
      const hash = formatHash({ camera: engine.getCameraView(), selection: viewerStore.get().selection });
      if (hash !== location.hash) history.replaceState(null, '', hash);
    };
    const later = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(write, SETTLE_MS);
    };
    const offCamera = engine.onCameraChanged(later);
    const offStore = viewerStore.subscribe((s, p) => {
      if (s.selection !== p.selection) later();
    });
    return () => {
      if (timer) clearTimeout(timer);
      offCamera();
      offStore();
    };
  }, [handle]);
}
