import { COORDINATE_SYSTEM, type Layer } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import { EnuFrame } from '../../../core/geo/index.js';
import type { Sensor } from '../../../core/model/index.js';
import type { Selection } from '../../state/store.js';
import type { DeckOverlay } from '../../engine/deck-overlay.js';
import { SELECTED_COLOR, SENSOR_STATE_COLORS, SENSOR_STATES, type SensorState } from '../../engine/scene-colors.js';
import type { SceneLayer } from '../scene-layer.js';

/** The sensors layer: markers coloured by state, recoloured in place (no re-creation per reading). */
export interface SensorsLayer extends SceneLayer {
  /** Applies new states; only the markers whose state changed are touched. */
  setStates(states: ReadonlyMap<string, SensorState>): void;
  /** Adds markers for sensors not drawn yet (provisioned after load; the benchmark's synthetic ones). */
  add(sensors: readonly Sensor[]): void;
  /** The sensor drawn at a window position (CSS px), or null. */
  pickAt(x: number, y: number): Selection | null;
  /** Markers drawn, and how many times their colours were handed to deck.gl (tests and the benchmark). */
  stats(): { markers: number; colourUploads: number };
  /** The state a marker shows (tests). */
  stateOf(id: string): SensorState | undefined;
}

/** deck.gl layer id of the markers; also their drawing order in the overlay (above every analytic layer). */
export const SENSORS_LAYER_ID = 'sensors';
const SENSORS_ORDER = 100;
/** Marker radius and outline (px), and for the selected marker. */
const RADIUS_PX = 5.5;
const SELECTED_RADIUS_PX = 9;
const LINE_PX = 2;
const SELECTED_LINE_PX = 3.5;

/** `#rrggbb` to bytes. */
function rgb(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

const STATE_INDEX = new Map(SENSOR_STATES.map((s, i) => [s, i]));
const STATE_RGB = SENSOR_STATES.map((s) => rgb(SENSOR_STATE_COLORS[s]));
/** The selected marker keeps its state colour (a warning must still read as one) inside a thick selection ring. */
const SELECTED_RGB = rgb(SELECTED_COLOR);
const WHITE: [number, number, number] = [255, 255, 255];

/**
 * Sensors as one deck.gl ScatterplotLayer on the overlay canvas, fed from typed arrays (positions in the city's ENU
 * metres, fill and outline colours, radii). A state change writes a few bytes into those arrays and hands deck the
 * same arrays in fresh wrappers, once per task however many sensors changed: deck uploads the two colour buffers
 * (4 bytes a sensor) and redraws its own canvas. Cesium does not render at all for a recolour, which is what made
 * 1,000 sensors at 10 Hz saturate the main thread when the markers were Cesium points. Markers draw over everything
 * (deck has no depth from Cesium), so an alarm is never hidden behind a tower or under the ground, as before.
 */
export function createSensorsLayer(
  overlay: DeckOverlay,
  origin: readonly [number, number],
  sensors: readonly Sensor[],
): SensorsLayer {
  const frame = new EnuFrame(origin[0], origin[1], 0);
  let capacity = 0;
  let count = 0;
  let ids: string[] = [];
  let states = new Uint8Array(0);
  let positions = new Float32Array(0);
  let fill = new Uint8Array(0);
  let line = new Uint8Array(0);
  let radii = new Float32Array(0);
  let widths = new Float32Array(0);
  const index = new Map<string, number>();
  let positionsAttribute = { value: positions, size: 3 };
  let visible = true;
  let selected: string | null = null;
  let scheduled = false;
  let destroyed = false;
  let colourUploads = 0;

  const grow = (needed: number) => {
    if (needed <= capacity) return;
    capacity = Math.max(needed, capacity * 2, 64);
    const copy = <T extends Float32Array | Uint8Array>(old: T, make: (n: number) => T, per: number): T => {
      const next = make(capacity * per);
      next.set(old.subarray(0, count * per));
      return next;
    };
    states = copy(states, (n) => new Uint8Array(n), 1);
    positions = copy(positions, (n) => new Float32Array(n), 3);
    fill = copy(fill, (n) => new Uint8Array(n), 4);
    line = copy(line, (n) => new Uint8Array(n), 4);
    radii = copy(radii, (n) => new Float32Array(n), 1);
    widths = copy(widths, (n) => new Float32Array(n), 1);
  };
  const paint = (i: number) => {
    const isSelected = ids[i] === selected;
    const state = SENSOR_STATES[states[i]!]!;
    const [r, g, b] = STATE_RGB[states[i]!]!;
    fill.set([r, g, b, 255], i * 4);
    const [lr, lg, lb] = isSelected ? SELECTED_RGB : state === 'alarm' ? STATE_RGB[STATE_INDEX.get('alarm')!]! : WHITE;
    line.set([lr, lg, lb, 255], i * 4);
    radii[i] = isSelected ? SELECTED_RADIUS_PX : RADIUS_PX;
    widths[i] = isSelected ? SELECTED_LINE_PX : LINE_PX;
  };
  const addOne = (s: Sensor) => {
    if (index.has(s.id)) return;
    grow(count + 1);
    const i = count++;
    ids.push(s.id);
    index.set(s.id, i);
    const [e, n, u] = frame.toEnu(s.position[0], s.position[1], s.heightM + 0.5);
    positions.set([e, n, u], i * 3);
    states[i] = STATE_INDEX.get('unknown')!;
    paint(i);
  };

  const push = () => {
    scheduled = false;
    if (destroyed) return;
    if (!visible || count === 0) {
      overlay.setFeatureLayer(SENSORS_LAYER_ID, null);
      return;
    }
    colourUploads++;
    // Fresh wrapper objects around the same arrays: deck re-reads a binary attribute only when its object changes.
    const layer = new ScatterplotLayer({
      id: SENSORS_LAYER_ID,
      coordinateSystem: COORDINATE_SYSTEM.CARTESIAN,
      data: {
        length: count,
        attributes: {
          getPosition: positionsAttribute,
          getFillColor: { value: fill.subarray(0, count * 4), size: 4, normalized: true },
          getLineColor: { value: line.subarray(0, count * 4), size: 4, normalized: true },
          getRadius: { value: radii.subarray(0, count), size: 1 },
          getLineWidth: { value: widths.subarray(0, count), size: 1 },
        },
      },
      radiusUnits: 'pixels',
      // Facing the camera: pixel sizes are then exact (the overlay's matrix-built viewport has no map zoom to scale by).
      billboard: true,
      stroked: true,
      lineWidthUnits: 'pixels',
      pickable: true,
    });
    overlay.setFeatureLayer(SENSORS_LAYER_ID, layer as unknown as Layer, SENSORS_ORDER);
  };
  /** Many changes in one task (a live flush, a selection) make one new layer. */
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(push);
  };
  const resetPositions = () => {
    positionsAttribute = { value: positions.subarray(0, count * 3), size: 3 };
  };

  sensors.forEach(addOne);
  resetPositions();
  schedule();

  return {
    setVisible(next) {
      visible = next;
      schedule();
    },
    // Cesium picks never hold a sensor: they are picked on deck's canvas (pickAt).
    identify: () => null,
    pickAt(x, y) {
      if (!visible) return null;
      const hit = overlay.pickAt(x, y, [SENSORS_LAYER_ID], 3);
      const id = hit ? ids[hit.index] : undefined;
      return id ? { type: 'sensor', id } : null;
    },
    setSelected(id) {
      const previous = selected;
      selected = id && index.has(id) ? id : null;
      if (previous === selected) return;
      if (previous) paint(index.get(previous)!);
      if (selected) paint(index.get(selected)!);
      schedule();
    },
    setStates(next) {
      let changed = false;
      for (const [id, state] of next) {
        const i = index.get(id);
        const s = STATE_INDEX.get(state);
        if (i === undefined || s === undefined || states[i] === s) continue;
        states[i] = s;
        paint(i);
        changed = true;
      }
      if (changed) schedule();
    },
    add(more) {
      const before = count;
      more.forEach(addOne);
      if (count === before) return;
      resetPositions();
      schedule();
    },
    stats: () => ({ markers: count, colourUploads }),
    stateOf(id) {
      const i = index.get(id);
      return i === undefined ? undefined : SENSOR_STATES[states[i]!];
    },
    destroy() {
      destroyed = true;
      overlay.setFeatureLayer(SENSORS_LAYER_ID, null);
      ids = [];
    },
  };
}
