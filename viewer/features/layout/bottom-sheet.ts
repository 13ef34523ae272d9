import type { EngineHandle } from '../../engine/engine-context.js';
import type { Selection } from '../../state/store.js';
import { isPhone } from './topbar-menu.js';

/**
 * On a phone the dock's panels are one bottom sheet over the scene (styles.css): the px of the scene's bottom it
 * covers now, for a flight to frame its target above the sheet instead of under it. 0 on a desk, or with no panel.
 */
export function sheetInsetPx(): number {
  if (!isPhone()) return 0;
  const stage = document.querySelector('.stage')?.getBoundingClientRect();
  if (!stage || stage.height <= 0) return 0;
  // The phone's dock is the sheet: sized to its panels, at most 55% of the stage (styles.css), anchored at the bottom.
  const dock = document.querySelector('.dock');
  const drawn = dock
    ? [...dock.children].some((p) => {
        const r = p.getBoundingClientRect();
        return r.width > 0 && r.height > 0;
      })
    : false;
  const top = dock && drawn ? dock.getBoundingClientRect().top : stage.bottom;
  return Math.max(0, Math.round(stage.bottom - top));
}

/**
 * Flies to an element once the panel it opens (the inspector, a task's steps) has been laid out, so that on a phone it
 * is framed above the sheet as the sheet will be, not as it was before the tap.
 */
export async function flyAboveSheet(handle: EngineHandle, selection: Selection): Promise<void> {
  await nextLayout();
  await handle.engine.flyToElement(selection, { bottomInsetPx: sheetInsetPx() });
}

/** Resolves after the browser has laid out and painted the next frame (React has committed by then). */
function nextLayout(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}
