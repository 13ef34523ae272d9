import type { Cartesian3 } from 'cesium';
import {
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
import {
  heightDifferenceM,
  horizontalLengthM,
  polygonAreaM2,
  polylineLengthM,
  type MeasurePoint,
} from './measure-geometry.js';

/** What a measurement found, in metres (area in m²). */
export interface Measurement {
  tool: Exclude<ToolKind, 'none'>;
  /**
   * The measured value: the polyline's length (distance), the height difference, the depth below ground (positive
   * downwards), or the outlined area in m² (area).
   */
  valueM: number;
  /** Horizontal length of the polyline for `distance`. */
  horizontalM?: number;
  /** Points picked so far (distance and area add one per click). */
  points?: number;
  /** Their lon/lat (distance and area), for tools that draw with the measure tool (the dig-safe trench). */
  positions?: [number, number][];
  /** True while a measurement waits for more points (height: the second; area: the third). */
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
  /** The vertices of the running distance or area measurement. */
  private vertices: Cartesian3[] = [];

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
    if (tool === 'distance' || tool === 'area') return this.addVertex(tool, position);
    if (!this.first) {
      this.clear();
      this.first = position;
      this.mark(position);
      return { tool, valueM: 0, pending: true };
    }
    const a = this.first;
    this.first = null;
    const value = Math.abs(heightDifferenceM(toPoint(a), toPoint(position)));
    this.line([a, position]);
    this.mark(position, `${value.toFixed(2)} m`);
    return { tool, valueM: value, pending: false };
  }

  /** Distance and area: every click adds a vertex; the answer is the whole polyline's length or outline's area. */
  private addVertex(tool: 'distance' | 'area', position: Cartesian3): Measurement {
    this.vertices.push(position);
    const pts = this.vertices.map(toPoint);
    this.lines.removeAll();
    this.labels.removeAll();
    const ring = tool === 'area' && this.vertices.length >= 3 ? [...this.vertices, this.vertices[0]!] : this.vertices;
    if (ring.length >= 2) this.line(ring);
    if (tool === 'area') {
      const area = polygonAreaM2(pts);
      this.mark(position, this.vertices.length >= 3 ? `${area.toFixed(0)} m²` : undefined);
      const positions = pts.map((p) => [p[0], p[1]] as [number, number]);
      return { tool, valueM: area, points: pts.length, positions, pending: pts.length < 3 };
    }
    const length = polylineLengthM(pts);
    this.mark(position, pts.length >= 2 ? `${length.toFixed(1)} m` : undefined);
    return {
      tool,
      valueM: length,
      horizontalM: horizontalLengthM(pts),
      points: pts.length,
      positions: pts.map((p) => [p[0], p[1]] as [number, number]),
      pending: pts.length < 2,
    };
  }

  private line(positions: Cartesian3[]): void {
    this.lines.add({
      positions,
      width: 3,
      material: Material.fromType('Color', { color: Color.fromCssColorString('#00e5ff') }),
    });
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
    this.vertices = [];
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

/** A scene position as lon, lat (degrees) and height above the city's ground (the scene's heights are relative). */
function toPoint(c: Cartesian3): MeasurePoint {
  const g = Cartographic.fromCartesian(c);
  return [(g.longitude * 180) / Math.PI, (g.latitude * 180) / Math.PI, g.height];
}
