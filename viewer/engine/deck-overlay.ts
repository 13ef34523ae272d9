import { COORDINATE_SYSTEM, Deck, View, Viewport, type Layer } from '@deck.gl/core';
import { PolygonLayer } from '@deck.gl/layers';
import { Cartesian2, Cartesian3, Ellipsoid, Matrix4, Transforms, type PerspectiveFrustum, type Scene } from 'cesium';
import type { CityData } from '../data/city-data.js';
import type { OverlayMeasure } from '../state/store.js';
import { analyticsPolygons, type AnalyticsPolygon } from '../layers/analytics/analytics-data.js';
import { rampColor } from '../layers/analytics/analytics-style.js';
import type { SensorState } from './scene-colors.js';
import { renderScale } from './render-scale.js';

/** A deck.gl view whose viewport is built straight from matrices (the Cesium camera's), with no controller. */
class CesiumEnuView extends View {
  getViewportType() {
    return Viewport;
  }
  protected get ControllerType(): never {
    return null as never;
  }
}

/** Deck's own depth range (m): Cesium's near/far span the globe and would waste depth precision. */
const NEAR_M = 1;
const FAR_M = 60000;

/** The overlay's legend: what the colours span. */
export interface OverlayLegend {
  measure: OverlayMeasure;
  min: number;
  max: number;
}

/**
 * deck.gl on its own canvas over Cesium's (stack-facts: no shared WebGL context). Each Cesium frame, the deck view
 * matrix is Cesium's view matrix times the east-north-up frame at the city centre, and the projection uses Cesium's
 * field of view and aspect with deck's own near/far, so ENU-metre data lands exactly on Cesium's ground.
 */
export class DeckOverlay {
  private deck: Deck<CesiumEnuView[]> | null = null;
  private readonly canvas: HTMLCanvasElement;
  private readonly enuToEcef: Matrix4;
  private removePostRender: (() => void) | null = null;
  private measure: OverlayMeasure | null = null;
  private states: ReadonlyMap<string, SensorState> = new Map();
  private polygons: AnalyticsPolygon[] = [];
  private measureLayer: Layer | null = null;
  /** Layers features add over the measure (a KPI choropleth), by key, with their drawing order. */
  private readonly featureLayers = new Map<string, { layer: Layer; order: number }>();
  private readonly legendListeners = new Set<(l: OverlayLegend | null) => void>();
  private readonly scratchGround = new Cartesian3();
  /** Frames drawn, for tests. */
  frames = 0;

  constructor(
    private readonly scene: Scene,
    private readonly data: CityData,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'deck-overlay';
    Object.assign(this.canvas.style, {
      position: 'absolute',
      inset: '0',
      width: '100%',
      height: '100%',
      pointerEvents: 'none',
    });
    scene.canvas.parentElement?.appendChild(this.canvas);
    this.enuToEcef = Transforms.eastNorthUpToFixedFrame(
      Cartesian3.fromDegrees(data.city.center[0], data.city.center[1], 0),
    );
  }

  /** Shows a measure, or hides the overlay (null). The deck instance is created on first use. */
  setMeasure(measure: OverlayMeasure | null): void {
    this.measure = measure;
    if (!measure) {
      this.measureLayer = null;
      for (const l of this.legendListeners) l(null);
    }
    this.rebuild();
  }

  /**
   * Adds (or with null removes) a feature's layer drawn over the measure; the overlay shows while any layer does.
   * `order` sorts the layers bottom to top (ties keep insertion order): markers that must stay on top (sensors) use a
   * high one. @default 0
   */
  setFeatureLayer(key: string, layer: Layer | null, order = 0): void {
    if (layer) this.featureLayers.set(key, { layer, order });
    else this.featureLayers.delete(key);
    this.refresh();
  }

  /** The layer a feature set under `key`, or undefined (tests and the engine read its data). */
  featureLayer(key: string): Layer | undefined {
    return this.featureLayers.get(key)?.layer;
  }

  /**
   * What deck.gl draws at a window position (CSS px from the canvas' top left) within `radiusPx`, among `layerIds`:
   * the layer id and the index of the picked row, or null. Cesium's scene.pick never sees deck's canvas.
   */
  pickAt(x: number, y: number, layerIds: string[], radiusPx = 4): { layerId: string; index: number } | null {
    if (!this.deck || !this.removePostRender) return null;
    const info = this.deck.pickObject({ x, y, radius: radiusPx, layerIds });
    return info && info.layer && info.index >= 0 ? { layerId: info.layer.id, index: info.index } : null;
  }

  private refresh(): void {
    const features = [...this.featureLayers.values()].sort((a, b) => a.order - b.order).map((f) => f.layer);
    const layers = [...(this.measureLayer ? [this.measureLayer] : []), ...features];
    if (layers.length === 0) {
      this.removePostRender?.();
      this.removePostRender = null;
      this.canvas.style.display = 'none';
      this.deck?.setProps({ layers: [] });
      return;
    }
    this.canvas.style.display = '';
    this.ensureDeck();
    this.deck!.setProps({ layers });
    // deck redraws changed layers on its own animation frame, with the camera of Cesium's last frame: a data change
    // (a sensor recoloured) needs no Cesium render, which in software WebGL costs far more than deck's redraw.
    // Only an overlay that was off has no current camera: hand it one now.
    if (!this.removePostRender) {
      this.removePostRender = this.scene.postRender.addEventListener(() => this.sync());
      this.sync();
    }
  }

  /** Sensor states weigh the alert hexagons; only rebuilt when that measure shows. */
  setSensorStates(states: ReadonlyMap<string, SensorState>): void {
    this.states = states;
    if (this.measure === 'sensors') {
      this.rebuild();
      this.scene.requestRender();
    }
  }

  onLegend(listener: (l: OverlayLegend | null) => void): () => void {
    this.legendListeners.add(listener);
    return () => this.legendListeners.delete(listener);
  }

  private rebuild(): void {
    if (!this.measure) return this.refresh();
    this.polygons = analyticsPolygons(this.data, this.measure, this.states);
    const values = this.polygons.map((p) => p.value);
    const min = Math.min(...values),
      max = Math.max(...values);
    const span = max - min || 1;
    const layer = new PolygonLayer<AnalyticsPolygon>({
      id: `analytics-${this.measure}`,
      data: this.polygons,
      coordinateSystem: COORDINATE_SYSTEM.CARTESIAN,
      getPolygon: (p) => p.ring.map(([e, n]) => [e, n, 1]),
      getFillColor: (p) => rampColor((p.value - min) / span, this.measure === 'sensors' ? 190 : 150),
      getLineColor: [255, 255, 255, 90],
      lineWidthUnits: 'pixels',
      getLineWidth: 1,
      stroked: true,
      filled: true,
      updateTriggers: { getFillColor: [min, max, this.measure] },
    });
    this.measureLayer = layer as unknown as Layer;
    this.refresh();
    for (const l of this.legendListeners) l({ measure: this.measure, min, max });
  }

  private ensureDeck(): void {
    if (this.deck) return;
    this.deck = new Deck<CesiumEnuView[]>({
      canvas: this.canvas,
      width: '100%',
      height: '100%',
      controller: false,
      views: [new CesiumEnuView({ id: 'cesium' })],
      viewState: this.viewState() as never,
      useDevicePixels: renderScale(),
      onAfterRender: () => {
        this.frames++;
      },
    });
  }

  private viewState(): Record<string, unknown> {
    const camera = this.scene.camera;
    const view = Matrix4.multiply(camera.viewMatrix, this.enuToEcef, new Matrix4());
    const frustum = camera.frustum as PerspectiveFrustum;
    const width = this.scene.canvas.clientWidth || 1;
    const height = this.scene.canvas.clientHeight || 1;
    const aspect = width / height;
    // Cesium's `fov` is the wider of the two angles; the vertical one follows from the aspect ratio.
    const fov = frustum.fov ?? Math.PI / 3;
    const fovy = aspect <= 1 ? fov : 2 * Math.atan(Math.tan(fov / 2) / aspect);
    const projection = Matrix4.computePerspectiveFieldOfView(fovy, aspect, NEAR_M, FAR_M, new Matrix4());
    // deck turns "pixels" into scene units with the viewport's scale (2^zoom, pixels per unit) and, for billboards,
    // its focal distance: both must describe the distance at which the camera looks, or a 6 px marker comes out as
    // 6 m (a dot at city scale). Exact at the screen centre, perspective-scaled nearer and farther, as Cesium's points.
    const focalM = this.lookDistanceM();
    const pixelsPerM = height / 2 / (focalM * Math.tan(fovy / 2));
    return {
      viewMatrix: Matrix4.toArray(view),
      projectionMatrix: Matrix4.toArray(projection),
      zoom: Math.log2(pixelsPerM),
      focalDistance: focalM,
    };
  }

  /** Distance (m) from the camera to the ground at the screen centre, or a height-based guess over the horizon. */
  private lookDistanceM(): number {
    const camera = this.scene.camera;
    const canvas = this.scene.canvas;
    const centre = new Cartesian2(canvas.clientWidth / 2, canvas.clientHeight / 2);
    const ground = camera.pickEllipsoid(centre, Ellipsoid.WGS84, this.scratchGround);
    const d = ground
      ? Cartesian3.distance(camera.positionWC, ground)
      : Math.abs(camera.positionCartographic.height) * 3;
    return Math.min(FAR_M / 2, Math.max(10, d));
  }

  private sync(): void {
    if (!this.deck || !this.removePostRender) return;
    this.deck.setProps({ viewState: this.viewState() as never });
    this.deck.redraw('cesium camera');
  }

  /** Frees deck and its canvas; safe to call twice (the engine and its host both may). */
  destroy(): void {
    this.removePostRender?.();
    this.removePostRender = null;
    this.deck?.finalize();
    this.deck = null;
    this.canvas.remove();
  }
}
