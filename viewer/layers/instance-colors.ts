import { Color, ColorGeometryInstanceAttribute, type Primitive, type Scene } from 'cesium';

/**
 * Per-instance colour changes on an asynchronously built Primitive: until the primitive is ready the changes wait,
 * then they are applied after the first frame that finds it ready. Each change is a few bytes: no re-creation.
 */
export class InstanceColors {
  private readonly pending = new Map<string, Color>();
  private removeListener: (() => void) | null = null;

  constructor(
    private readonly scene: Scene,
    private readonly primitive: Primitive,
  ) {}

  /** Sets the colour of the instance(s) with `id` (the first instance when several share it). */
  set(id: string, color: Color): void {
    this.pending.set(id, color);
    if (this.primitive.ready) this.flush();
    else if (!this.removeListener) {
      this.removeListener = this.scene.postRender.addEventListener(() => {
        if (this.primitive.isDestroyed() || !this.primitive.ready) return;
        this.flush();
      });
    }
  }

  private flush(): void {
    this.removeListener?.();
    this.removeListener = null;
    for (const [id, color] of this.pending) {
      const attributes = this.primitive.getGeometryInstanceAttributes(id) as { color?: Uint8Array } | undefined;
      if (attributes) attributes.color = ColorGeometryInstanceAttribute.toValue(color, attributes.color);
    }
    this.pending.clear();
    this.scene.requestRender();
  }

  destroy(): void {
    this.removeListener?.();
    this.removeListener = null;
  }
}

/** Parses a CSS colour once (Cesium colours are mutable, so callers clone when they change alpha). */
export function css(color: string, alpha = 1): Color {
  return Color.fromCssColorString(color).withAlpha(alpha);
}
