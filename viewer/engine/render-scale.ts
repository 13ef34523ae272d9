/**
 * How much a test page draws. Every real bundle draws at full detail: the scene's drawing buffer at CSS pixels and the
 * globe refined to Cesium's default screen-space error (2 px). Browser tests that do not judge pixels run in software
 * WebGL on two cores, where each frame costs seconds; their bundle (test hooks on) lets the test page ask for less
 * through `window.gridtwinRenderScale`, `window.gridtwinGlobeError` and `window.gridtwinMsaaSamples` (set by the
 * test's init script before the app loads). The DOM is not scaled, so panels, text and clicks are unchanged.
 */
export function renderScale(): number {
  if (!__GRIDTWIN_TEST_HOOKS__) return 1;
  const asked = (window as { gridtwinRenderScale?: unknown }).gridtwinRenderScale;
  return typeof asked === 'number' && asked > 0 && asked <= 1 ? asked : 1;
}

/** Cesium's default: the globe's tiles (and the basemap painted on them) refine until an error of 2 px. */
const GLOBE_ERROR_PX = 2;

/**
 * The globe's maximum screen-space error. The ground is a flat ellipsoid carrying only the painted basemap, so its
 * refinement decides the basemap's sharpness alone; but the globe loads its tiles a few milliseconds of each frame,
 * and at one frame a second or two in software WebGL a page kept rendering for about 100 s after loading and after
 * each camera move (measured: 46-50 renders to settle at 2 px, 25 at 8 px). A test page may ask for a coarser ground.
 */
export function globeScreenSpaceError(): number {
  if (!__GRIDTWIN_TEST_HOOKS__) return GLOBE_ERROR_PX;
  const asked = (window as { gridtwinGlobeError?: unknown }).gridtwinGlobeError;
  return typeof asked === 'number' && asked >= 1 && asked <= 64 ? asked : GLOBE_ERROR_PX;
}

/** Cesium's default multisampling (4 samples per pixel on WebGL2). */
const MSAA_SAMPLES = 4;

/**
 * Samples per pixel of the scene's multisample anti-aliasing. Software WebGL resolves every sample on the CPU: a test
 * page that does not judge pixels may ask for 1 (`window.gridtwinMsaaSamples`); measured in underground mode, where the
 * translucent ground draws the scene in several passes, a frame took ~35 % less at 1 sample than at 4.
 */
export function msaaSamples(): number {
  if (!__GRIDTWIN_TEST_HOOKS__) return MSAA_SAMPLES;
  const asked = (window as { gridtwinMsaaSamples?: unknown }).gridtwinMsaaSamples;
  return typeof asked === 'number' && [1, 2, 4, 8].includes(asked) ? asked : MSAA_SAMPLES;
}
