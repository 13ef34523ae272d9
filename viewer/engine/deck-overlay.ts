import { COORDINATE_SYSTEM, Deck, View, Viewport, type Layer } from '@deck.gl/core';
import { PolygonLayer } from '@deck.gl/layers';
import { Cartesian3, Matrix4, Transforms, type PerspectiveFrustum, type Scene } from 'cesium';
import type { CityData } from '../data/city-data.js';
import type { OverlayMeasure } from '../state/store.js';
import { analyticsPolygons, type AnalyticsPolygon } from '../layers/analytics-layer/analytics-data.js';
import { rampColor } from '../layers/analytics-layer/analytics-style.js';
import type { SensorState } from './scene-colors.js';

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
  /** Layers features add over the measure (a KPI choropleth), by key. */
  private readonly featureLayers = new Map<string, Layer>();
  private readonly legendListeners = new Set<(l: OverlayLegend | null) => void>();
  /** Frames drawn, for tests. */
  frames = 0;

  constructor(private readonly scene: Scene, private readonly data: CityData) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'deck-overlay';
    Object.assign(this.canvas.style, { position: 'absolute', inset: '0', width: '100%', height: '100%', pointerEvents: 'none' });
    scene.canvas.parentElement?.appendChild(this.canvas);
    this.enuToEcef = Transforms.eastNorthUpToFixedFrame(Cartesian3.fromDegrees(data.city.center[0], data.city.center[1], 0));
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

  /** Adds (or with null removes) a feature's layer drawn over the measure; the overlay shows while any layer does. */
  setFeatureLayer(key: string, layer: Layer | null): void {
    if (layer) this.featureLayers.set(key, layer);
    else this.featureLayers.delete(key);
    this.refresh();
  }

  private refresh(): void {
    const layers = [...(this.measureLayer ? [this.measureLayer] : []), ...this.featureLayers.values()];
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
    if (!this.removePostRender) this.removePostRender = this.scene.postRender.addEventListener(() => this.sync());
    this.scene.requestRender();
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
    const min = Math.min(...values), max = Math.max(...values);
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
      useDevicePixels: 1,
      onAfterRender: () => { this.frames++; },
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
    return { viewMatrix: Matrix4.toArray(view), projectionMatrix: Matrix4.toArray(projection) };
  }

  private sync(): void {
    if (!this.deck || !this.removePostRender) return;
    this.deck.setProps({ viewState: this.viewState() as never });
    this.deck.redraw('cesium camera');
  }

  destroy(): void {
    this.removePostRender?.();
    this.deck?.finalize();
    this.deck = null;
    this.canvas.remove();
  }
}
