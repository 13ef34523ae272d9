import { Cartesian3, Color, Material, PolylineCollection, type Polyline, type Scene } from 'cesium';
import type { NetworkNode } from '../../../core/model/index.js';

/** Water state of a manhole at one step. */
export type WaterState = 'dry' | 'flowing' | 'surcharged' | 'flooded';

/** Colours of the water columns: blue water in the pipe, amber above the pipe crown, red at the ground. */
export const WATER_STATE_COLORS: Record<Exclude<WaterState, 'dry'>, string> = {
  flowing: '#3ba0ff',
  surcharged: '#ffa020',
  flooded: '#ff2a3c',
};

/**
 * The state of a manhole holding `depthM` of water above its invert: flooded when the water reaches the ground
 * (within 1 cm), surcharged above the crown of its lowest pipe, flowing below it, dry under 1 cm.
 */
export function waterState(depthM: number, shaftDepthM: number, crownM: number): WaterState {
  if (!(depthM > 0.01)) return 'dry';
  if (depthM >= shaftDepthM - 0.01) return 'flooded';
  return depthM > crownM + 1e-3 ? 'surcharged' : 'flowing';
}

interface Column {
  node: NetworkNode;
  polyline: Polyline;
  shaftDepthM: number;
  crownM: number;
  /** Base (invert) and top of the drawn water, scene heights (ADR 0003: elevation minus the city's ground). */
  baseH: number;
  topH: number;
  state: WaterState;
}

/**
 * The water level inside each manhole during storm playback: one vertical line per manhole from its invert up to
 * the water surface, thick in pixels so it reads from afar, coloured by state. Built once per run; {@link setDepths}
 * moves each line's top and recolours its material, so scrubbing never creates primitives.
 */
export class WaterColumns {
  private readonly collection: PolylineCollection;
  private readonly columns: (Column | null)[];
  private readonly colors: Record<Exclude<WaterState, 'dry'>, Color>;
  private destroyed = false;

  /**
   * @param nodeIds the run's node order (`timeline.nodeIds`); nodes that are not manholes or inlets get no column
   * @param crownOf height of the crown of a node's lowest outgoing pipe above its invert, m
   */
  constructor(
    private readonly scene: Scene,
    nodeIds: readonly string[],
    nodeById: ReadonlyMap<string, NetworkNode>,
    groundElevationM: number,
    crownOf: (node: NetworkNode) => number,
    widthPx = 7,
  ) {
    this.collection = scene.primitives.add(new PolylineCollection()) as PolylineCollection;
    this.colors = {
      flowing: Color.fromCssColorString(WATER_STATE_COLORS.flowing),
      surcharged: Color.fromCssColorString(WATER_STATE_COLORS.surcharged),
      flooded: Color.fromCssColorString(WATER_STATE_COLORS.flooded),
    };
    this.columns = nodeIds.map((id) => {
      const node = nodeById.get(id);
      if (!node || (node.kind !== 'manhole' && node.kind !== 'inlet')) return null;
      const shaftDepthM = node.groundM - node.invertM;
      if (!(shaftDepthM > 0)) return null;
      const baseH = node.invertM - groundElevationM;
      const polyline = this.collection.add({
        id: `water:${id}`,
        show: false,
        width: widthPx,
        // One material per line: a Polyline destroys its material when its collection goes, so a material shared
        // by several lines would be destroyed twice (Cesium's DeveloperError "This object was destroyed").
        material: Material.fromType('Color', { color: this.colors.flowing.clone() }),
        positions: [
          Cartesian3.fromDegrees(node.position[0], node.position[1], baseH),
          Cartesian3.fromDegrees(node.position[0], node.position[1], baseH + 0.01),
        ],
      });
      return { node, polyline, shaftDepthM, crownM: crownOf(node), baseH, topH: baseH, state: 'dry' as WaterState };
    });
    scene.requestRender();
  }

  /** Shows the water depths of one step (m above invert, aligned with the constructor's `nodeIds`). */
  setDepths(depthsM: readonly number[]): void {
    if (this.destroyed) return;
    this.columns.forEach((c, i) => {
      if (!c) return;
      const depth = Math.min(Math.max(depthsM[i] ?? 0, 0), c.shaftDepthM);
      const state = waterState(depth, c.shaftDepthM, c.crownM);
      c.state = state;
      c.polyline.show = state !== 'dry';
      if (state === 'dry') {
        c.topH = c.baseH;
        return;
      }
      c.topH = c.baseH + depth;
      c.polyline.positions = [
        Cartesian3.fromDegrees(c.node.position[0], c.node.position[1], c.baseH),
        Cartesian3.fromDegrees(c.node.position[0], c.node.position[1], c.topH),
      ];
      (c.polyline.material.uniforms as { color: Color }).color = this.colors[state].clone();
    });
    this.scene.requestRender();
  }

  /** What is drawn now, for tests and the legend: per visible column its node, water depth (m) and state. */
  snapshot(): { nodeId: string; depthM: number; state: WaterState }[] {
    return this.columns
      .filter((c): c is Column => c !== null && c.polyline.show)
      .map((c) => ({ nodeId: c.node.id, depthM: Math.round((c.topH - c.baseH) * 1000) / 1000, state: c.state }));
  }

  /** Number of columns built (manholes and inlets of the run). */
  get size(): number {
    return this.columns.filter((c) => c !== null).length;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    // remove() destroys the collection, its lines and each line's own material.
    if (!this.scene.isDestroyed()) this.scene.primitives.remove(this.collection);
  }
}
