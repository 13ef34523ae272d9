import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Sensor } from '../../../core/model/index.js';
import { api } from '../../api/api-client.js';
import { localDistanceM } from '../../../core/geo/index.js';
import type { CityData } from '../../data/city-data.js';
import { useEngine } from '../../engine/engine-context.js';
import {
  createFacilityView,
  type FacilityReading,
  type FacilitySpec,
  type FacilityView,
} from '../../engine/facility/facility-scene.js';
import { UTILITY_COLORS } from '../../engine/scene-colors.js';
import { useT } from '../../state/i18n.js';
import { viewerStore } from '../../state/store.js';

/** The chamber of a node as the facility view draws it: depth, pipes in and out with their directions. */
export function facilitySpec(data: CityData, nodeId: string): FacilitySpec | null {
  const node = data.nodeById.get(nodeId);
  if (!node) return null;
  const depthM = Math.max(0.8, node.groundM - node.invertM);
  const pipes = (data.linksByNode.get(nodeId) ?? []).map((link) => {
    const out = link.fromNodeId === nodeId;
    // Direction from the chamber along the link: its second (or second-last) vertex.
    const next = out ? link.path[1] : link.path[link.path.length - 2];
    const [lon, lat] = node.position;
    const east = next ? Math.sign(next[0] - lon) * localDistanceM(lon, lat, next[0], lat) : 1;
    const north = next ? Math.sign(next[1] - lat) * localDistanceM(lon, lat, lon, next[1]) : 0;
    const invert = out ? link.fromInvertM : link.toInvertM;
    return {
      azimuthRad: Math.atan2(east, north),
      diameterM: link.diameterMm / 1000,
      invertAboveFloorM: Math.max(0, invert - node.invertM),
      direction: out ? ('out' as const) : ('in' as const),
    };
  });
  return {
    depthM,
    shaftDiameterM: node.kind === 'pump' ? 2.4 : 1.2,
    color: UTILITY_COLORS[node.utility],
    pipes,
    levelM: null,
  };
}

/** The sensor the facility view shows: the node's level sensor, else its pressure sensor. */
export function facilitySensor(data: CityData, nodeId: string): Sensor | undefined {
  const mounted = data.sensorsByMount.get(nodeId) ?? [];
  return mounted.find((s) => s.kind === 'level') ?? mounted.find((s) => s.kind === 'pressure');
}

/** The three.js facility view of a manhole, valve chamber or pump, with the live level or pressure of its sensor. */
export function FacilityPanel({ nodeId }: { nodeId: string }) {
  const t = useT();
  const handle = useEngine()!;
  const canvas = useRef<HTMLCanvasElement>(null);
  const view = useRef<FacilityView | null>(null);
  const node = handle.data.nodeById.get(nodeId);
  const sensor = facilitySensor(handle.data, nodeId);
  // The footer's figure: one re-render per animation frame at most, and only when this sensor changed.
  const live = useSyncExternalStore(
    (cb) =>
      handle.live.onFrame((changed) => {
        if (sensor && changed.has(sensor.id)) cb();
      }),
    () => (sensor ? handle.live.get(sensor.id) : undefined),
  );
  const [lastStored, setLastStored] = useState<number | null>(null);
  const spec = node ? facilitySpec(handle.data, nodeId) : null;

  // The scene is built once per node; readings only move its water surface or gauge needle.
  useEffect(() => {
    if (!canvas.current || !spec) return;
    const v = createFacilityView(canvas.current, spec);
    view.current = v;
    if (!sensor)
      return () => {
        v.destroy();
        view.current = null;
      };
    const reading = (value: number | null): FacilityReading => ({
      kind: sensor.kind,
      value,
      unit: sensor.unit,
      thresholds: sensor.thresholds,
      label: t(sensor.kind === 'level' ? 'facility.level' : 'facility.pressure'),
    });
    v.setReading(reading(handle.live.get(sensor.id)?.value ?? null));
    // Until the live feed says something, the last stored reading of the past hour stands in.
    const abort = new AbortController();
    const now = Date.now();
    api
      .readings(sensor.id, now - 3_600_000, now + 60_000, abort.signal)
      .then((rows) => {
        const last = rows?.at(-1)?.value ?? null;
        setLastStored(last);
        if (last !== null && handle.live.get(sensor.id)?.value === undefined) v.setReading(reading(last));
      })
      .catch(() => undefined);
    // Live values go straight to the scene, bypassing React.
    const off = handle.live.onFrame((changed) => {
      const value = changed.get(sensor.id)?.value;
      if (value !== undefined) v.setReading(reading(value));
    });
    return () => {
      abort.abort();
      off();
      v.destroy();
      view.current = null;
    };
    // The spec and sensor are derived from nodeId only; the label's language is fixed per opening.
  }, [nodeId]);

  const shown = live?.value ?? lastStored;

  if (!node || !spec) return null;
  return (
    <div className="facility" data-testid="facility">
      <div className="facility-head">
        <strong>{t('facility.title')}</strong> · {t(`utility.${node.utility}`)} {node.kind} {node.id}
        <button
          className="close"
          onClick={() => viewerStore.set({ facilityNodeId: null })}
          aria-label={t('inspector.close')}
        >
          ×
        </button>
      </div>
      <canvas ref={canvas} className="facility-canvas" />
      <div className="facility-foot">
        <span>{t('facility.depth', { depth: spec.depthM.toFixed(2) })}</span>
        <span>
          ↘ {spec.pipes.filter((p) => p.direction === 'in').length} · ↗{' '}
          {spec.pipes.filter((p) => p.direction === 'out').length}
        </span>
        {sensor ? (
          <span data-testid="facility-reading">
            {t(sensor.kind === 'level' ? 'facility.level' : 'facility.pressure')} ({sensor.id}):{' '}
            {shown !== null ? `${shown.toFixed(2)} ${sensor.unit}` : t('facility.waiting')}
          </span>
        ) : (
          <span>{t('facility.noSensor')}</span>
        )}
      </div>
    </div>
  );
}
