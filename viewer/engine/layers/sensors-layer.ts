import { Cartesian3, Color, NearFarScalar, PointPrimitiveCollection, type PointPrimitive, type Scene } from 'cesium';
import type { Sensor } from '../../../core/model/index.js';
import { SELECTED_COLOR, SENSOR_STATE_COLORS, type SensorState } from '../scene-colors.js';
import { css } from './instance-colors.js';
import { pickedId, pickedPrimitive, type SceneLayer } from './scene-layer.js';

/** The sensors layer: markers coloured by state, updated in place (no re-creation per reading). */
export interface SensorsLayer extends SceneLayer {
  /** Applies new states; only the markers whose state changed are touched. */
  setStates(states: ReadonlyMap<string, SensorState>): void;
  /** Adds markers for sensors not drawn yet (provisioned after load; the benchmark's synthetic ones). */
  add(sensors: readonly Sensor[]): void;
}

const MARKER_PX = 11;

/**
 * Sensors as points at their mounting height, drawn over everything (no depth test) so an alarm is never hidden
 * behind a tower or under the ground; white outline so they stand out from pipes of the same hue.
 */
export function createSensorsLayer(scene: Scene, sensors: readonly Sensor[]): SensorsLayer {
  const collection = scene.primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
  const palette = Object.fromEntries(Object.entries(SENSOR_STATE_COLORS).map(([k, v]) => [k, css(v)])) as Record<SensorState, Color>;
  const markers = new Map<string, { point: PointPrimitive; state: SensorState }>();
  const scale = new NearFarScalar(200, 1.3, 6000, 0.7);
  const addOne = (s: Sensor) => {
    if (markers.has(s.id)) return;
    const point = collection.add({
      id: s.id,
      position: Cartesian3.fromDegrees(s.position[0], s.position[1], s.heightM + 0.5),
      pixelSize: MARKER_PX,
      color: palette.unknown,
      outlineColor: Color.WHITE,
      outlineWidth: 2,
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
      scaleByDistance: scale,
    });
    markers.set(s.id, { point, state: 'unknown' });
  };
  sensors.forEach(addOne);
  let selected: string | null = null;
  const paint = (id: string) => {
    const m = markers.get(id);
    if (!m) return;
    m.point.color = id === selected ? css(SELECTED_COLOR) : palette[m.state];
    m.point.pixelSize = id === selected ? MARKER_PX + 6 : MARKER_PX;
    m.point.outlineColor = m.state === 'alarm' ? palette.alarm : Color.WHITE;
  };
  return {
    setVisible(visible) { collection.show = visible; scene.requestRender(); },
    identify(picked) {
      const id = pickedId(picked);
      return id && markers.get(id)?.point === pickedPrimitive(picked) ? { type: 'sensor', id } : null;
    },
    setSelected(id) {
      const previous = selected;
      selected = id && markers.has(id) ? id : null;
      if (previous) paint(previous);
      if (selected) paint(selected);
      scene.requestRender();
    },
    setStates(states) {
      let changed = false;
      for (const [id, state] of states) {
        const m = markers.get(id);
        if (!m || m.state === state) continue;
        m.state = state;
        paint(id);
        changed = true;
      }
      if (changed) scene.requestRender();
    },
    add(more) {
      more.forEach(addOne);
      scene.requestRender();
    },
    destroy() {
      if (!scene.isDestroyed()) scene.primitives.remove(collection);
    },
  };
}
