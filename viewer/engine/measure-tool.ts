import {
  Cartesian3,
  Cartographic,
  Color,
  LabelCollection,
  LabelStyle,
  Material,
  PointPrimitiveCollection,
  PolylineCollection,
  VerticalOrigin,
  Cartesian2,
  defined,
  type Scene,
} from 'cesium';
import type { MeasureTool as ToolKind } from '../state/store.js';

/** What a measurement found, in metres. */
export interface Measurement {
  tool: Exclude<ToolKind, 'none'>;
  /** The measured value: straight distance, height difference, or depth below ground (positive downwards). */
  valueM: number;
  /** Horizontal distance for `distance`. */
  horizontalM?: number;
  /** True while the first of two points waits for the second. */
  pending: boolean;
}

/**
 * Distance, height and depth measurements on picked scene positions (buildings, pipes, ground). Scene heights are
 * relative to the city's ground, so a point's depth below ground is minus its height. Draws its own marks.
 */
export class MeasureTool {
  private readonly points: PointPrimitiveCollection;
  private readonly lines: PolylineCollection;
  private readonly labels: LabelCollection;
  private first: Cartesian3 | null = null;

  constructor(private readonly scene: Scene) {
    this.points = scene.primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
    this.lines = scene.primitives.add(new PolylineCollection()) as PolylineCollection;
    this.labels = scene.primitives.add(new LabelCollection()) as LabelCollection;
  }

  /** Handles a click in `tool` mode; returns the measurement, or null when nothing was under the cursor. */
  click(
    tool: Exclude<ToolKind, 'none'>,
    windowPosition: Cartesian2,
    snapped?: Cartesian3,
    onGround = false,
  ): Measurement | null {
    const position = snapped ?? this.positionAt(windowPosition, onGround);
    if (!position) return null;
    if (tool === 'depth') {
      this.clear();
      const depth = -Cartographic.fromCartesian(position).height;
      this.mark(position, `${depth.toFixed(2)} m`);
      return { tool, valueM: depth, pending: false };
    }
    if (!this.first) {
      this.clear();
      this.first = position;
      this.mark(position);
      return { tool, valueM: 0, pending: true };
    }
    const a = this.first;
    this.first = null;
    const ca = Cartographic.fromCartesian(a);
    const cb = Cartographic.fromCartesian(position);
    const straight = Cartesian3.distance(a, position);
    const flatA = Cartesian3.fromRadians(ca.longitude, ca.latitude, 0);
    const flatB = Cartesian3.fromRadians(cb.longitude, cb.latitude, 0);
    const horizontal = Cartesian3.distance(flatA, flatB);
    const value = tool === 'height' ? Math.abs(cb.height - ca.height) : straight;
    this.lines.add({
      positions: [a, position],
      width: 3,
      material: Material.fromType('Color', { color: Color.fromCssColorString('#00e5ff') }),
    });
    this.mark(position, `${value.toFixed(2)} m`);
    return { tool, valueM: value, horizontalM: horizontal, pending: false };
  }

  /**
   * The scene position under the cursor when no element gave one: the depth buffer's for something else drawn there,
   * and on open ground (or a ground cell) the ellipsoid itself. GridTwin's terrain is the ellipsoid, and it is exact:
   * a ray cast onto the globe's coarse tile mesh was 130 m off at city scale, and the globe leaves no usable pick
   * depth while it is not depth-tested.
   */
  private positionAt(windowPosition: Cartesian2, onGround: boolean): Cartesian3 | undefined {
    const { scene } = this;
    const picked =
      !onGround && scene.pickPositionSupported && defined(scene.pick(windowPosition))
        ? scene.pickPosition(windowPosition)
        : undefined;
    return picked ?? scene.camera.pickEllipsoid(windowPosition) ?? undefined;
  }

  private mark(position: Cartesian3, text?: string): void {
    this.points.add({
      position,
      pixelSize: 9,
      color: Color.fromCssColorString('#00e5ff'),
      outlineColor: Color.BLACK,
      outlineWidth: 1,
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
    });
    if (text) {
      this.labels.add({
        position,
        text,
        font: 'bold 14px "Liberation Sans", sans-serif',
        fillColor: Color.WHITE,
        outlineColor: Color.BLACK,
        outlineWidth: 3,
        style: LabelStyle.FILL_AND_OUTLINE,
        verticalOrigin: VerticalOrigin.BOTTOM,
        pixelOffset: new Cartesian2(0, -10),
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      });
    }
    this.scene.requestRender();
  }

  /** Removes the marks and any half-done measurement. */
  clear(): void {
    this.first = null;
    this.points.removeAll();
    this.lines.removeAll();
    this.labels.removeAll();
    this.scene.requestRender();
  }

  destroy(): void {
    if (this.scene.isDestroyed()) return;
    for (const p of [this.points, this.lines, this.labels]) this.scene.primitives.remove(p);
  }
}
