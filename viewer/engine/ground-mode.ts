import { Color, NearFarScalar, Rectangle, type Scene } from 'cesium';
import type { Grid } from '../../core/model/index.js';

/** Underground settings as the store holds them. */
export interface UndergroundSettings {
  enabled: boolean;
  /** Opacity of the ground surface in underground mode, 0 (invisible) to 1 (opaque). */
  groundAlpha: number;
}

/** Ground opacity over a focused grid cell when underground mode is off: see through it to what lies beneath. */
const FOCUS_ALPHA = 0.3;

/** A cell's bounding rectangle (globe translucency takes a rectangle, not a polygon). */
export function cellRectangle(cell: Pick<Grid, 'polygon'>): Rectangle {
  let w = 180,
    s = 90,
    e = -180,
    n = -90;
  for (const polygon of cell.polygon) {
    for (const [lon, lat] of polygon[0] ?? []) {
      w = Math.min(w, lon);
      e = Math.max(e, lon);
      s = Math.min(s, lat);
      n = Math.max(n, lat);
    }
  }
  return Rectangle.fromDegrees(w, s, e, n);
}

/**
 * Applies underground mode to a scene: a translucent globe (everywhere, or only over a focused cell), no camera
 * collision with the ground so the camera can go below it, and a dark underground colour. With translucency off,
 * depth testing against the globe is what hides the buried pipes (and keeps them from being picked).
 */
export function applyGroundMode(scene: Scene, settings: UndergroundSettings, focus: Rectangle | null): void {
  const { globe } = scene;
  globe.depthTestAgainstTerrain = true;
  globe.undergroundColor = Color.fromCssColorString('#0b1016');
  globe.undergroundColorAlphaByDistance = new NearFarScalar(50, 0.2, 3000, 1);
  const t = globe.translucency;
  if (settings.enabled) {
    t.enabled = true;
    t.frontFaceAlpha = settings.groundAlpha;
    t.backFaceAlpha = settings.groundAlpha;
    t.rectangle = Rectangle.MAX_VALUE;
  } else if (focus) {
    t.enabled = true;
    t.frontFaceAlpha = FOCUS_ALPHA;
    t.backFaceAlpha = FOCUS_ALPHA;
    t.rectangle = focus;
  } else {
    t.enabled = false;
  }
  scene.screenSpaceCameraController.enableCollisionDetection = !settings.enabled;
  scene.requestRender();
}
