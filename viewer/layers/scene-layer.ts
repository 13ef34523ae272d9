import type { Selection } from '../state/store.js';

/** What every scene layer offers the engine: visibility, identifying its own picks, and teardown. */
export interface SceneLayer {
  setVisible(visible: boolean): void;
  /** The model element a `scene.pick` result belongs to, or null when it is not this layer's. */
  identify(picked: unknown): Selection | null;
  /** Marks the selected element (or none) of this layer. */
  setSelected(id: string | null): void;
  /** Highlights the element under the mouse (or none); layers without a hover style leave it out. */
  setHovered?(id: string | null): void;
  destroy(): void;
}

/** The `id` of what `scene.pick` returned, when it is a string. */
export function pickedId(picked: unknown): string | null {
  const id = (picked as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : null;
}

/** The primitive of what `scene.pick` returned. */
export function pickedPrimitive(picked: unknown): unknown {
  return (picked as { primitive?: unknown } | undefined)?.primitive;
}
