import {
  ArcType,
  Cartesian3,
  Color,
  GeometryInstance,
  Material,
  PointPrimitiveCollection,
  PolylineGeometry,
  PolylineMaterialAppearance,
  Primitive,
  type Scene,
} from 'cesium';
import type { CityData } from '../../data/city-data.js';
import { HOVER_COLOR, SELECTED_COLOR } from '../../engine/scene-colors.js';
import { linkCentreline, linkWidthPx } from './network-geometry.js';

/** Extra px the halo stands out of a pipe's own width on each side. */
const HALO_PX = { selected: 6, hovered: 4 };

/**
 * A halo around the selected and the hovered pipe or node: a wide outlined line (or ring) drawn through the
 * translucent ground and the ghosted buildings, so a picked element stands out from its network and cannot be lost
 * at any distance. Shown only where buried networks are shown (underground mode, a focused cell).
 */
export class NetworkHalo {
  private readonly lines = new Map<'selected' | 'hovered', Primitive>();
  private readonly points: PointPrimitiveCollection;
  private readonly pointIds = new Map<'selected' | 'hovered', string>();
  private shown = false;

  constructor(
    private readonly scene: Scene,
    private readonly data: CityData,
  ) {
    this.points = scene.primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
  }

  /** Which element has the halo of a kind (null for none). */
  set(kind: 'selected' | 'hovered', id: string | null): void {
    const old = this.lines.get(kind);
    if (old) {
      this.scene.primitives.remove(old);
      this.lines.delete(kind);
    }
    this.pointIds.delete(kind);
    const color = Color.fromCssColorString(kind === 'selected' ? SELECTED_COLOR : HOVER_COLOR);
    const link = id ? this.data.linkById.get(id) : undefined;
    const node = id ? this.data.nodeById.get(id) : undefined;
    const ground = this.data.city.groundElevationM;
    if (link) {
      const material = Material.fromType(Material.PolylineOutlineType, {
        color,
        outlineColor: Color.BLACK.withAlpha(0.85),
        outlineWidth: 2,
      });
      const appearance = new PolylineMaterialAppearance({ material, translucent: false });
      const primitive = new Primitive({
        geometryInstances: new GeometryInstance({
          geometry: new PolylineGeometry({
            positions: Cartesian3.fromDegreesArrayHeights(linkCentreline(link, ground)),
            width: linkWidthPx(link.diameterMm) + 2 * HALO_PX[kind],
            vertexFormat: PolylineMaterialAppearance.VERTEX_FORMAT,
            arcType: ArcType.NONE,
          }),
        }),
        appearance,
        // Drawn where the ground or a building hides the pipe too: a halo that the depth test cut would be lost.
        depthFailAppearance: new PolylineMaterialAppearance({ material, translucent: false }),
        asynchronous: false,
        // No pick ids (GPU memory): picks run without the halo (withoutHalo).
        allowPicking: false,
      });
      this.scene.primitives.add(primitive);
      this.lines.set(kind, primitive);
    } else if (node) this.pointIds.set(kind, node.id);
    this.redrawPoints();
    this.apply();
  }

  private redrawPoints(): void {
    this.points.removeAll();
    const ground = this.data.city.groundElevationM;
    for (const [kind, id] of this.pointIds) {
      const node = this.data.nodeById.get(id);
      if (!node) continue;
      this.points.add({
        position: Cartesian3.fromDegrees(node.position[0], node.position[1], node.invertM - ground + 0.2),
        pixelSize: kind === 'selected' ? 22 : 16,
        color: Color.TRANSPARENT,
        outlineColor: Color.fromCssColorString(kind === 'selected' ? SELECTED_COLOR : HOVER_COLOR),
        outlineWidth: kind === 'selected' ? 4 : 3,
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      });
    }
  }

  /**
   * Runs a pick with the halos out of the scene. A halo is decoration, not an element, and must not change what a
   * hover or click finds under it. allowPicking: false does not make it transparent to picks: Cesium draws a command
   * without a pick id into the pick buffer with its own shader, so the (opaque, depth-fail drawn) halo line hid the
   * pipe it surrounds and everything beneath it, and the hovered pipe's next pick found nothing. The node rings are
   * drawn over everything and would take the first places of a drill pick.
   */
  withoutHalo<T>(pick: () => T): T {
    const shown = this.points.show;
    const lines = [...this.lines.values()].filter((line) => line.show);
    this.points.show = false;
    for (const line of lines) line.show = false;
    try {
      return pick();
    } finally {
      this.points.show = shown;
      for (const line of lines) line.show = true;
    }
  }

  /** Shows the halos only while the networks themselves are shown. */
  setShown(shown: boolean): void {
    this.shown = shown;
    this.apply();
  }

  private apply(): void {
    for (const p of this.lines.values()) p.show = this.shown;
    this.points.show = this.shown;
    this.scene.requestRender();
  }

  /** How many halos are drawn (tests). */
  count(): number {
    return this.shown ? this.lines.size + this.pointIds.size : 0;
  }

  destroy(): void {
    if (this.scene.isDestroyed()) return;
    for (const p of this.lines.values()) this.scene.primitives.remove(p);
    this.scene.primitives.remove(this.points);
  }
}
