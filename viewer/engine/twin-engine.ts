import {
  Cartesian2,
  Cartesian3,
  Color,
  Ellipsoid,
  IntersectionTests,
  Plane,
  ScreenSpaceEventHandler,
  ScreenSpaceEventType,
  defined,
  type Rectangle,
  type Viewer,
} from 'cesium';
import { UTILITIES, type Sensor } from '../../core/model/index.js';
import { api } from '../api/api-client.js';
import type { CityData } from '../data/city-data.js';
import { elementLocation, selectionOfId } from '../data/element-location.js';
import type { LayerId, MeasureTool as ToolKind, Selection } from '../state/store.js';
import { CrewArcs } from '../layers/crew-arcs/crew-arcs-layer.js';
import { DeckOverlay } from './deck-overlay.js';
import { cameraView, flyToTarget, homeView, setCameraView, type CameraView, type FlyTarget } from './camera-views.js';
import { applyGroundMode, cellRectangle, type UndergroundSettings } from './ground-mode.js';
import {
  createBuildingsPrimitiveLayer,
  createBuildingsTilesLayer,
  type BuildingStyle,
  type BuildingsLayer,
} from '../layers/buildings/buildings-layer.js';
import { createGridLayer, type GridLayer } from '../layers/grids/grid-layer.js';
import { createNetworkLayer } from '../layers/network/network-layer.js';
import { createNetworkTilesLayer } from '../layers/network/network-tiles-layer.js';
import type { SceneLayer } from '../layers/scene-layer.js';
import { BasemapLayer, loadBasemap } from '../layers/basemap/basemap-layer.js';
import { NetworkHalo } from '../layers/network/network-halo.js';
import { createSensorsLayer, type SensorsLayer } from '../layers/sensors/sensors-layer.js';
import { MeasureTool, type Measurement } from './measure-tool.js';
import { GROUND_COLOR } from './offline-viewer.js';
import { globeScreenSpaceError } from './render-scale.js';
import type { SensorState } from './scene-colors.js';

/** Options of {@link TwinEngine}. */
export interface TwinEngineOptions {
  language: 'en' | 'zh';
  buildingStyle: BuildingStyle;
  /** Look for 3D Tiles under /tiles/<city>/ and use them instead of the API-built primitives. @default true */
  useTiles?: boolean;
}

/** Pick priority: the smallest, most specific element under the cursor wins (a sensor on a pipe under a cell). */
/** Opacity of the buildings in underground mode. */
const BUILDING_GHOST_ALPHA = 0.22;

/**
 * Underground, a click or hover that hits no pipe or node looks around it for one: squares of this many CSS px each
 * side of it, the nearest first (a 1-2 px line under a finger or a shaky mouse is otherwise missed and the grid cell
 * selected).
 */
const NETWORK_PICK_RINGS_PX = [5, 10, 16];

/**
 * How many objects deep a pick looks under the cursor. Underground a pipe can be the fourth or fifth: under a
 * ghosted landmark's podium, the building behind it and the see-through grid cell.
 */
const PICK_DEPTH = 8;

const PRIORITY: Record<Selection['type'], number> = { sensor: 0, node: 1, link: 2, building: 3, grid: 4 };

/**
 * The seam between React and the engines: owns the Cesium scene and its layers; React calls this narrow interface
 * (flyTo, pick, setLayerVisible, setUnderground, ...) and listens to a few events. No Cesium type crosses it except
 * in the constructor.
 */
export class TwinEngine {
  private readonly layers = new Map<LayerId, SceneLayer>();
  private buildings: BuildingsLayer;
  private readonly sensors: SensorsLayer;
  /** The deck.gl overlay over this scene (sensors, analytics, arcs, feature layers); owned and freed by the engine. */
  readonly overlay: DeckOverlay;
  /** Arcs from crew bases to the incident in focus, on the overlay. */
  readonly crewArcs: CrewArcs;
  private readonly grid: GridLayer;
  private readonly measure: MeasureTool;
  private readonly handler: ScreenSpaceEventHandler;
  private readonly visible = new Map<LayerId, boolean>();
  private readonly selectListeners = new Set<(s: Selection | null) => void>();
  private readonly cameraListeners = new Set<(v: CameraView) => void>();
  private readonly measureListeners = new Set<(m: Measurement | null) => void>();
  private readonly removeCameraListener: () => void;
  private underground: UndergroundSettings = { enabled: false, groundAlpha: 0.35 };
  private focusRect: Rectangle | null = null;
  private selection: Selection | null = null;
  private tool: ToolKind = 'none';
  private style: BuildingStyle;
  private hoverFrame = 0;
  private hovered: Selection | null = null;
  private readonly hoverListeners = new Set<(h: Selection | null) => void>();
  private destroyed = false;
  private basemap: BasemapLayer | null = null;
  private readonly halo: NetworkHalo;
  private language: 'en' | 'zh';

  constructor(
    private readonly viewer: Viewer,
    private readonly data: CityData,
    options: TwinEngineOptions,
  ) {
    const { scene } = viewer;
    this.style = options.buildingStyle;
    this.language = options.language;
    scene.globe.baseColor = GROUND_COLOR;
    scene.globe.showGroundAtmosphere = false;
    scene.globe.maximumScreenSpaceError = globeScreenSpaceError();
    scene.fog.enabled = false;
    scene.backgroundColor = Color.fromCssColorString('#0b1219');
    scene.screenSpaceCameraController.minimumZoomDistance = 2;
    this.resetView(0);

    this.buildings = createBuildingsPrimitiveLayer(scene, data.buildings, this.style);
    this.layers.set('buildings', this.buildings);
    for (const utility of UTILITIES) {
      this.layers.set(
        `network:${utility}`,
        createNetworkLayer(
          scene,
          utility,
          data.links.get(utility) ?? [],
          data.nodes.get(utility) ?? [],
          data.city.groundElevationM,
        ),
      );
    }
    this.overlay = new DeckOverlay(scene, data);
    this.sensors = createSensorsLayer(this.overlay, data.city.center, data.sensors);
    this.crewArcs = new CrewArcs(this.overlay, data);
    this.layers.set('sensors', this.sensors);
    this.grid = createGridLayer(scene, data.cells, options.language);
    this.layers.set('grids', this.grid);
    this.measure = new MeasureTool(scene);
    this.halo = new NetworkHalo(scene, data);
    applyGroundMode(scene, this.underground, null);

    this.handler = new ScreenSpaceEventHandler(scene.canvas);
    this.handler.setInputAction(
      (e: ScreenSpaceEventHandler.PositionedEvent) => this.onClick(e.position),
      ScreenSpaceEventType.LEFT_CLICK,
    );
    this.handler.setInputAction(
      (e: ScreenSpaceEventHandler.MotionEvent) => this.onMove(e.endPosition),
      ScreenSpaceEventType.MOUSE_MOVE,
    );
    this.removeCameraListener = viewer.camera.changed.addEventListener(() => this.emitCamera());
    viewer.camera.percentageChanged = 0.01;
    // The home button flies to the city, not to the whole globe.
    viewer.homeButton?.viewModel.command.beforeExecute.addEventListener((e: { cancel: boolean }) => {
      e.cancel = true;
      this.resetView();
    });
    if (options.useTiles !== false) void this.switchToTiles();
    void this.loadBasemap();
  }

  /** Draws the city's basemap (roads, water, green, landuse) once its file has come; none when the city has none. */
  private async loadBasemap(): Promise<void> {
    const basemap = await loadBasemap(this.data.city.id);
    if (!basemap || this.destroyed || this.viewer.isDestroyed()) return;
    this.basemap = new BasemapLayer(this.viewer.scene, basemap, this.language);
    this.basemap.setVisible(this.visible.get('basemap') ?? true);
    this.basemap.setDimmed(this.underground.enabled);
  }

  /** Halos drawn around the selected and hovered pipe or node (tests). */
  haloCount(): number {
    return this.halo.count();
  }

  /** What the basemap draws, or null when the city has none (tests, benchmark). */
  basemapStats(): ReturnType<BasemapLayer['stats']> | null {
    return this.basemap?.stats() ?? null;
  }

  /** Replaces API-built layers by 3D Tiles where the tiles issue's tilesets exist. */
  private async switchToTiles(): Promise<void> {
    const base = `/tiles/${this.data.city.id}`;
    const scene = this.viewer.scene;
    // The Viewer may be gone by the time a probe answers (StrictMode's first mount, a city switch): add nothing to it.
    const gone = () => this.destroyed || this.viewer.isDestroyed();
    if ((await api.exists(`${base}/buildings/tileset.json`)) && !gone()) {
      try {
        const tiles = await createBuildingsTilesLayer(scene, `${base}/buildings/tileset.json`, this.style);
        if (this.destroyed) return tiles.destroy();
        this.buildings.destroy();
        this.buildings = tiles;
        tiles.setGhosted(this.underground.enabled ? BUILDING_GHOST_ALPHA : null);
        this.layers.set('buildings', tiles);
        this.applyLayerState('buildings');
      } catch (err) {
        if (!gone()) console.warn('buildings tileset not usable, keeping API buildings:', err);
      }
    }
    // The tiles issue writes every tileset at once: without a buildings tileset there are no network ones either,
    // and seven more probes would only add 404s.
    if (this.buildings.source !== 'tiles') return;
    for (const utility of UTILITIES) {
      const url = `${base}/${utility}/tileset.json`;
      if (!(await api.exists(url))) continue;
      if (gone()) return;
      try {
        const tiles = await createNetworkTilesLayer(scene, url, this.data);
        if (this.destroyed) return tiles.destroy();
        const id: LayerId = `network:${utility}`;
        // The API lines stay beside the tiles' tubes: a tube is its true diameter, sub-pixel from a few hundred
        // metres; the line keeps a width from the diameter with a minimum on screen (the tube hides it up close).
        const lines = this.layers.get(id);
        this.layers.set(id, lines ? combineLayers(tiles, lines) : tiles);
        this.applyLayerState(id);
      } catch (err) {
        if (!gone()) console.warn(`${utility} tileset not usable, keeping API lines:`, err);
      }
    }
  }

  /**
   * Buried networks show only where the ground is see-through (underground mode, or over a focused cell): above an
   * opaque ground the depth buffer cannot hide lines a metre or two down when seen from kilometres away.
   */
  private effectiveVisible(id: LayerId): boolean {
    const on = this.visible.get(id) ?? true;
    return id.startsWith('network:') ? on && (this.underground.enabled || this.focusRect !== null) : on;
  }

  private refreshNetworkVisibility(): void {
    for (const id of this.layers.keys())
      if (id.startsWith('network:')) this.layers.get(id)?.setVisible(this.effectiveVisible(id));
    this.halo.setShown(this.networksShown());
  }

  private applyLayerState(id: LayerId): void {
    const layer = this.layers.get(id);
    layer?.setVisible(this.effectiveVisible(id));
    if (this.selection) layer?.setSelected(this.selection.id);
  }

  /** Which source each layer draws from (API primitives or 3D Tiles). */
  layerSources(): Record<string, 'api' | 'tiles'> {
    return { buildings: this.buildings.source };
  }

  /** Shows or hides a layer. */
  setLayerVisible(id: LayerId, visible: boolean): void {
    this.visible.set(id, visible);
    if (id === 'basemap') this.basemap?.setVisible(visible);
    this.layers.get(id)?.setVisible(this.effectiveVisible(id));
  }

  setBuildingStyle(style: BuildingStyle): void {
    this.style = style;
    this.buildings.setStyle(style);
  }

  setLanguage(language: 'en' | 'zh'): void {
    this.language = language;
    this.grid.setLanguage(language);
    this.basemap?.setLanguage(language);
  }

  /** Marks the selected element in its layer (and unmarks the previous one). */
  setSelection(selection: Selection | null): void {
    this.selection = selection;
    for (const layer of this.layers.values()) layer.setSelected(selection?.id ?? null);
    this.halo.set(
      'selected',
      selection && (selection.type === 'link' || selection.type === 'node') ? selection.id : null,
    );
    this.viewer.scene.requestRender();
  }

  /** Outlines a grid cell boldly and makes the ground over it transparent (go to grid), or clears that. */
  setFocusedGrid(id: string | null, outlineOnly = false): void {
    this.grid.setFocused(id);
    const cell = id && !outlineOnly ? this.data.cellById.get(id) : undefined;
    this.focusRect = cell ? cellRectangle(cell) : null;
    applyGroundMode(this.viewer.scene, this.underground, this.focusRect);
    this.refreshNetworkVisibility();
  }

  setUnderground(settings: UndergroundSettings): void {
    this.underground = { ...settings };
    // Underground the buildings are ghosted: the pipes under them stay visible and pickable through them.
    this.buildings.setGhosted(settings.enabled ? BUILDING_GHOST_ALPHA : null);
    this.basemap?.setDimmed(settings.enabled);
    applyGroundMode(this.viewer.scene, this.underground, this.focusRect);
    this.refreshNetworkVisibility();
  }

  setSensorStates(states: ReadonlyMap<string, SensorState>): void {
    this.sensors.setStates(states);
  }

  /** Draws sensors that were not in the city data at load (provisioned since; the viewer benchmark's synthetic ones). */
  addSensors(sensors: readonly Sensor[]): void {
    const fresh = sensors.filter((s) => !this.data.sensorById.has(s.id));
    for (const s of fresh) {
      this.data.sensors.push(s);
      this.data.sensorById.set(s.id, s);
    }
    this.sensors.add(fresh);
  }

  setTool(tool: ToolKind): void {
    this.tool = tool;
    this.measure.clear();
    for (const l of this.measureListeners) l(null);
  }

  /**
   * What is at a window position (CSS px from the canvas' top left), by pick priority: what a click there selects
   * and what the hover there highlights (one function for both, so that they cannot disagree).
   */
  pick(x: number, y: number): Selection | null {
    // Sensors are drawn by deck.gl, over everything: they win before Cesium is asked.
    const sensor = this.sensors.pickAt(x, y);
    if (sensor) return sensor;
    return this.halo.withoutHalo(() => {
      const hit = this.pickScene(x, y, PICK_DEPTH);
      return this.networksShown() ? this.preferNetwork(x, y, hit) : hit;
    });
  }

  private networksShown(): boolean {
    return this.underground.enabled || this.focusRect !== null;
  }

  /** Where networks are shown: `hit` when it is a pipe or node, else the nearest one within the pick rings. */
  private preferNetwork(x: number, y: number, hit: Selection | null): Selection | null {
    if (hit && (hit.type === 'link' || hit.type === 'node')) return hit;
    for (const r of NETWORK_PICK_RINGS_PX) {
      const near = this.networkWithin(x, y, r);
      if (near) return near;
    }
    return hit;
  }

  /**
   * The pipe or node nearest a window position within a square of `r` CSS px each side: one drill pick of the square
   * (Cesium reads a pick rectangle from its centre outwards, so the nearest object of each layer comes first), a few
   * render passes, where eight single-pixel drills around each ring took 24 (about 1 s each in software WebGL: a
   * hover off the networks underground froze the page).
   */
  private networkWithin(x: number, y: number, r: number): Selection | null {
    const size = 2 * r + 1;
    const hits = this.viewer.scene.drillPick(new Cartesian2(x, y), PICK_DEPTH, size, size) as unknown[];
    for (const hit of hits) {
      const found = defined(hit) ? this.identify(hit) : null;
      if (found && (found.type === 'link' || found.type === 'node')) return found;
    }
    return null;
  }

  /** The front-most element under a window position (a sensor first), in one render pass. */
  private pickFront(x: number, y: number): Selection | null {
    const sensor = this.sensors.pickAt(x, y);
    if (sensor) return sensor;
    const picked: unknown = this.viewer.scene.pick(new Cartesian2(x, y));
    return defined(picked) ? this.identify(picked) : null;
  }

  /** The most specific Cesium element among the first `limit` objects under a window position. */
  private pickScene(x: number, y: number, limit: number): Selection | null {
    const hits = this.viewer.scene.drillPick(new Cartesian2(x, y), limit) as unknown[];
    let best: Selection | null = null;
    for (const hit of hits) {
      if (!defined(hit)) continue;
      const found = this.identify(hit);
      if (found && (!best || PRIORITY[found.type] < PRIORITY[best.type])) best = found;
    }
    return best;
  }

  private identify(picked: unknown): Selection | null {
    for (const layer of this.layers.values()) {
      const found = layer.identify(picked);
      if (found) return found;
    }
    return null;
  }

  private onClick(position: Cartesian2): void {
    if (this.tool !== 'none') {
      const hit = this.pick(position.x, position.y);
      const snapped = hit?.type === 'building' ? this.onRoof(hit.id, position) : this.snapToElement(hit);
      const result = this.measure.click(this.tool, position, snapped, hit === null || hit.type === 'grid');
      for (const l of this.measureListeners) l(result);
      return;
    }
    const selection = this.pick(position.x, position.y);
    for (const l of this.selectListeners) l(selection);
  }

  /**
   * A click on a building measures at its roof: where the cursor's ray meets the roof's plane. The depth buffer is
   * not used: in software WebGL pickPosition answered one same stale point wherever it was asked.
   */
  private onRoof(buildingId: string, position: Cartesian2): Cartesian3 | undefined {
    const b = this.data.buildingById.get(buildingId);
    const ring = b?.footprint[0]?.[0];
    const ray = this.viewer.camera.getPickRay(position);
    if (!b || !ring || !ray) return undefined;
    const roof = Cartesian3.fromDegrees(ring[0]![0], ring[0]![1], b.roofHeightM);
    const plane = Plane.fromPointNormal(roof, Ellipsoid.WGS84.geodeticSurfaceNormal(roof));
    return IntersectionTests.rayPlane(ray, plane) ?? undefined;
  }

  /** For the measurement tools: a picked pipe or node gives its exact centreline position, not the depth buffer's. */
  private snapToElement(hit: Selection | null): Cartesian3 | undefined {
    if (!hit || (hit.type !== 'link' && hit.type !== 'node')) return undefined;
    const where = elementLocation(this.data, hit);
    if (!where) return undefined;
    if (hit.type === 'link') {
      const link = this.data.linkById.get(hit.id)!;
      const mid = link.path[Math.floor(link.path.length / 2)]!;
      return Cartesian3.fromDegrees(
        mid[0],
        mid[1],
        (link.fromInvertM + link.toInvertM) / 2 + link.diameterMm / 2000 - this.data.city.groundElevationM,
      );
    }
    return Cartesian3.fromDegrees(where[0], where[1], where[2]);
  }

  private onMove(position: Cartesian2): void {
    const at = Cartesian2.clone(position);
    if (this.hoverFrame) {
      this.hoverAt = at;
      return;
    }
    this.hoverAt = at;
    // One pick per animation frame at most (picking is a render pass), at the latest position.
    this.hoverFrame = requestAnimationFrame(() => {
      this.hoverFrame = 0;
      if (this.destroyed || !this.hoverAt) return;
      this.hoverAtWindow(this.hoverAt.x, this.hoverAt.y);
    });
  }
  private hoverAt: Cartesian2 | null = null;

  /**
   * Highlights what is under a window position: a building, or (where the ground is see-through) a pipe or node.
   * Sensors only change the cursor: their markers already stand out.
   */
  private hoverAtWindow(x: number, y: number): void {
    // Where networks are shown, the click's own pick (same depth, same preference for pipes and nodes): a pipe hovered
    // under a ghosted podium is the pipe a click there selects, not the podium in front of it. Elsewhere only buildings
    // are highlighted, and the front-most object is the building a click selects: one render pass per hover, not a
    // drill of up to eight (each a full pass: the hover ran several times slower in software WebGL).
    const found = this.networksShown() ? this.pick(x, y) : this.pickFront(x, y);
    const next =
      found && (found.type === 'building' || (this.networksShown() && (found.type === 'link' || found.type === 'node')))
        ? found
        : null;
    this.viewer.scene.canvas.style.cursor = found ? 'pointer' : '';
    if (next?.id === this.hovered?.id && next?.type === this.hovered?.type) return;
    const previous = this.hovered;
    this.hovered = next;
    if (previous) this.layerOf(previous)?.setHovered?.(null);
    if (next) this.layerOf(next)?.setHovered?.(next.id);
    this.halo.set('hovered', next && next.id !== this.selection?.id && next.type !== 'building' ? next.id : null);
    for (const l of this.hoverListeners) l(next);
  }

  /** The layer that draws an element (buildings, or the network of a link or node). */
  private layerOf(element: Selection): SceneLayer | undefined {
    if (element.type === 'building') return this.buildings;
    const utility =
      element.type === 'link'
        ? this.data.linkById.get(element.id)?.utility
        : element.type === 'node'
          ? this.data.nodeById.get(element.id)?.utility
          : undefined;
    return utility ? this.layers.get(`network:${utility}`) : undefined;
  }

  /** The element highlighted under the mouse (a building, or a pipe or node in underground mode), or null. */
  hoveredElement(): Selection | null {
    return this.hovered;
  }

  /** Called whenever the hovered element changes. */
  onHover(listener: (h: Selection | null) => void): () => void {
    this.hoverListeners.add(listener);
    return () => this.hoverListeners.delete(listener);
  }

  /** Sensor markers drawn and their colour uploads so far, and the state one shows (tests, benchmark). */
  sensorMarkers(id?: string): { markers: number; colourUploads: number; state?: SensorState } {
    return { ...this.sensors.stats(), ...(id ? { state: this.sensors.stateOf(id) } : {}) };
  }

  /** Flies to a point (framed above `bottomInsetPx` of the scene when a panel covers the bottom). */
  flyTo(target: FlyTarget): Promise<void> {
    return flyToTarget(this.viewer.camera, target, this.viewer.scene.canvas.clientHeight);
  }

  /**
   * Flies to an element by selection (or by a bare id). `options` is the duration in seconds (default 1.5), or the
   * duration and the px of the scene's bottom a panel covers (a phone's sheet: the element is framed above it).
   */
  flyToElement(
    selection: Selection | string,
    options: number | { durationS?: number; bottomInsetPx?: number } = {},
  ): Promise<void> {
    const { durationS = 1.5, bottomInsetPx = 0 } = typeof options === 'number' ? { durationS: options } : options;
    const sel = typeof selection === 'string' ? selectionOfId(this.data, selection) : selection;
    const where = sel ? elementLocation(this.data, sel) : null;
    if (!where) return Promise.resolve();
    return this.flyTo({
      lonDeg: where[0],
      latDeg: where[1],
      heightM: where[2],
      rangeM: where[3],
      durationS,
      bottomInsetPx,
    });
  }

  /** Back to the city's opening view, north up. */
  resetView(durationS = 1.2): void {
    const home = homeView(this.data.city.center[0], this.data.city.center[1]);
    if (durationS === 0) setCameraView(this.viewer.camera, home);
    else {
      this.viewer.camera.flyTo({
        destination: Cartesian3.fromDegrees(home.lonDeg, home.latDeg, home.heightM),
        orientation: { heading: 0, pitch: (home.pitchDeg * Math.PI) / 180, roll: 0 },
        duration: durationS,
      });
    }
  }

  /** Turns the camera to face north, keeping its position and pitch. */
  faceNorth(): void {
    const v = cameraView(this.viewer.camera);
    setCameraView(this.viewer.camera, { ...v, headingDeg: 0 });
    this.viewer.scene.requestRender();
  }

  getCameraView(): CameraView {
    return cameraView(this.viewer.camera);
  }

  setCameraView(view: CameraView): void {
    setCameraView(this.viewer.camera, view);
    this.viewer.scene.requestRender();
  }

  /** Window position (CSS px) of a point given in degrees and scene metres, or null when behind the camera. */
  toWindow(lonDeg: number, latDeg: number, heightM = 0): { x: number; y: number } | null {
    const p = this.viewer.scene.cartesianToCanvasCoordinates(Cartesian3.fromDegrees(lonDeg, latDeg, heightM));
    return p ? { x: p.x, y: p.y } : null;
  }

  onSelect(listener: (s: Selection | null) => void): () => void {
    this.selectListeners.add(listener);
    return () => this.selectListeners.delete(listener);
  }

  onCameraChanged(listener: (v: CameraView) => void): () => void {
    this.cameraListeners.add(listener);
    return () => this.cameraListeners.delete(listener);
  }

  onMeasure(listener: (m: Measurement | null) => void): () => void {
    this.measureListeners.add(listener);
    return () => this.measureListeners.delete(listener);
  }

  private emitCamera(): void {
    const view = cameraView(this.viewer.camera);
    for (const l of this.cameraListeners) l(view);
  }

  /** The Cesium scene, for the engine's own overlays (deck.gl); never handed to React. */
  get sceneForOverlays(): Viewer['scene'] {
    return this.viewer.scene;
  }

  /** Frees every layer and handler this engine created (the Viewer itself belongs to resium). */
  destroy(): void {
    this.destroyed = true;
    if (this.hoverFrame) cancelAnimationFrame(this.hoverFrame);
    this.removeCameraListener();
    if (!this.handler.isDestroyed()) this.handler.destroy();
    this.crewArcs.destroy();
    this.overlay.destroy();
    if (this.viewer.isDestroyed()) return;
    for (const layer of this.layers.values()) layer.destroy();
    this.basemap?.destroy();
    this.halo.destroy();
    this.measure.destroy();
  }
}

/** Two layers of one network as one: both shown, hidden, marked; a pick is either's. */
function combineLayers(a: SceneLayer, b: SceneLayer): SceneLayer {
  return {
    setVisible(visible) {
      a.setVisible(visible);
      b.setVisible(visible);
    },
    identify: (picked) => a.identify(picked) ?? b.identify(picked),
    setSelected(id) {
      a.setSelected(id);
      b.setSelected(id);
    },
    setHovered(id) {
      a.setHovered?.(id);
      b.setHovered?.(id);
    },
    destroy() {
      a.destroy();
      b.destroy();
    },
  };
}
