import { Color, EllipsoidTerrainProvider, Ion } from 'cesium';

// No ion: GridTwin runs offline, so Cesium must never ask for a token, imagery or terrain.
Ion.defaultAccessToken = '';

/** Props for resium's <Viewer> that keep Cesium entirely local (no ion, Bing or geocoder requests). */
export const offlineViewerProps = {
  baseLayer: false as const,
  baseLayerPicker: false,
  geocoder: false,
  homeButton: true,
  sceneModePicker: false,
  navigationHelpButton: true,
  navigationInstructionsInitiallyVisible: false,
  animation: false,
  timeline: false,
  fullscreenButton: false,
  infoBox: false,
  selectionIndicator: true,
  terrainProvider: new EllipsoidTerrainProvider(),
  requestRenderMode: true,
  maximumRenderTimeChange: Infinity,
};

/** The globe's colour when no imagery is loaded: a neutral dark ground suits a city at street scale. */
export const GROUND_COLOR = Color.fromCssColorString('#1c2630');
