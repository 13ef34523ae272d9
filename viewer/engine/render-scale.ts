/**
 * The scene's drawing-buffer scale: 1 (CSS pixels) in every real bundle. Browser tests that do not judge pixels run
 * in software WebGL on two cores, where each frame's cost grows with its pixel count; their bundle (test hooks on) lets
 * the test page ask for a smaller buffer through `window.gridtwinRenderScale` (set by the test's init script before
 * the app loads). The DOM is not scaled, so panels, text and clicks are unchanged.
 */
export function renderScale(): number {
  if (!__GRIDTWIN_TEST_HOOKS__) return 1;
  const asked = (window as { gridtwinRenderScale?: unknown }).gridtwinRenderScale;
  return typeof asked === 'number' && asked > 0 && asked <= 1 ? asked : 1;
}
