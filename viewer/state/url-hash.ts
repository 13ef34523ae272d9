import type { CameraView } from '../engine/camera-views.js';
import type { Selection } from './store.js';

/** What the shareable URL carries: the camera pose and the selection. */
export interface SharedView {
  camera: CameraView | null;
  selection: Selection | null;
}

const TYPES: readonly Selection['type'][] = ['building', 'node', 'link', 'sensor', 'grid'];

/** `#cam=lon,lat,height,heading,pitch&sel=type:id` (degrees and metres, 6 decimals for degrees, cm for heights). */
export function formatHash(view: SharedView): string {
  const params = new URLSearchParams();
  if (view.camera) {
    const c = view.camera;
    params.set(
      'cam',
      [
        c.lonDeg.toFixed(6),
        c.latDeg.toFixed(6),
        c.heightM.toFixed(1),
        c.headingDeg.toFixed(1),
        c.pitchDeg.toFixed(1),
      ].join(','),
    );
  }
  if (view.selection) params.set('sel', `${view.selection.type}:${view.selection.id}`);
  return `#${params.toString()}`;
}

/** Reads a hash written by {@link formatHash}; anything malformed is ignored, never thrown. */
export function parseHash(hash: string): SharedView {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  let camera: CameraView | null = null;
  const cam = params.get('cam')?.split(',').map(Number);
  if (cam && cam.length === 5 && cam.every(Number.isFinite)) {
    const [lonDeg, latDeg, heightM, headingDeg, pitchDeg] = cam as [number, number, number, number, number];
    if (Math.abs(lonDeg) <= 180 && Math.abs(latDeg) <= 90) camera = { lonDeg, latDeg, heightM, headingDeg, pitchDeg };
  }
  let selection: Selection | null = null;
  const sel = params.get('sel');
  const colon = sel?.indexOf(':') ?? -1;
  if (sel && colon > 0) {
    const type = sel.slice(0, colon) as Selection['type'];
    const id = sel.slice(colon + 1);
    if (TYPES.includes(type) && id) selection = { type, id };
  }
  return { camera, selection };
}
