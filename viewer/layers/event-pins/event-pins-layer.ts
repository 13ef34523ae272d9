import {
  Cartesian3,
  Cartographic,
  Color,
  Math as CesiumMath,
  PointPrimitiveCollection,
  ScreenSpaceEventHandler,
  ScreenSpaceEventType,
  defined,
  type PointPrimitive,
} from 'cesium';
import type { Cartesian2 } from 'cesium';
import type { TwinEngine } from '../../engine/twin-engine.js';

/** One event pin: where, its CSS colour, and whether it is the open event. */
export interface EventPin {
  id: string;
  lonDeg: number;
  latDeg: number;
  color: string;
  selected: boolean;
}

const ID_PREFIX = 'event-pin:';

/**
 * Event pins in the 3D scene (Cesium points, always drawn on top so they read through buildings), plus the clicks
 * the events feature needs: on a pin, and on the ground while a report picks its location. Owns its primitives
 * and its click handler; React sees only this interface.
 */
export class EventPins {
  private readonly points: PointPrimitiveCollection;
  private readonly handler: ScreenSpaceEventHandler;
  private readonly byId = new Map<string, PointPrimitive>();
  private pinListener: ((id: string) => void) | null = null;
  private groundListener: ((lonDeg: number, latDeg: number) => void) | null = null;
  private readonly scene: TwinEngine['sceneForOverlays'];

  constructor(engine: TwinEngine) {
    this.scene = engine.sceneForOverlays;
    this.points = this.scene.primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
    this.handler = new ScreenSpaceEventHandler(this.scene.canvas);
    this.handler.setInputAction(
      (e: ScreenSpaceEventHandler.PositionedEvent) => this.onClick(e.position),
      ScreenSpaceEventType.LEFT_CLICK,
    );
  }

  /** Replaces the pins. */
  setPins(pins: readonly EventPin[]): void {
    this.points.removeAll();
    this.byId.clear();
    for (const pin of pins) {
      const point = this.points.add({
        id: `${ID_PREFIX}${pin.id}`,
        position: Cartesian3.fromDegrees(pin.lonDeg, pin.latDeg, 3),
        color: Color.fromCssColorString(pin.color),
        pixelSize: pin.selected ? 18 : 12,
        outlineColor: pin.selected ? Color.fromCssColorString('#00e5ff') : Color.WHITE,
        outlineWidth: pin.selected ? 3 : 2,
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      });
      this.byId.set(pin.id, point);
    }
    this.scene.requestRender();
  }

  /** Number of pins drawn (for tests). */
  get count(): number {
    return this.byId.size;
  }

  /** Calls `listener` with the event id of a clicked pin. */
  onPinClick(listener: ((id: string) => void) | null): void {
    this.pinListener = listener;
  }

  /** While set, the next ground clicks go to `listener` in WGS84 degrees (report a problem: pick a location). */
  onGroundClick(listener: ((lonDeg: number, latDeg: number) => void) | null): void {
    this.groundListener = listener;
    this.scene.canvas.style.cursor = listener ? 'crosshair' : '';
  }

  private onClick(position: Cartesian2): void {
    if (this.groundListener) {
      const hit = this.scene.camera.pickEllipsoid(position, this.scene.globe.ellipsoid);
      if (!hit) return;
      const c = Cartographic.fromCartesian(hit);
      this.groundListener(CesiumMath.toDegrees(c.longitude), CesiumMath.toDegrees(c.latitude));
      return;
    }
    const picked = this.scene.pick(position) as { id?: unknown } | undefined;
    if (defined(picked) && typeof picked.id === 'string' && picked.id.startsWith(ID_PREFIX)) {
      this.pinListener?.(picked.id.slice(ID_PREFIX.length));
    }
  }

  destroy(): void {
    if (!this.handler.isDestroyed()) this.handler.destroy();
    if (!this.scene.isDestroyed()) this.scene.primitives.remove(this.points);
  }
}
