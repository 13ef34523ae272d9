import { useEffect, useRef, useSyncExternalStore } from 'react';
import { localDistanceM } from '../../../core/geo/index.js';
import type { CityData } from '../../data/city-data.js';
import { useEngine } from '../../engine/engine-context.js';
import { createFacilityView, type FacilitySpec, type FacilityView } from '../../engine/facility/facility-scene.js';
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
      azimuthRad: Math.atan2(east, north), diameterM: link.diameterMm / 1000,
      invertAboveFloorM: Math.max(0, invert - node.invertM), direction: out ? 'out' as const : 'in' as const,
    };
  });
  return { depthM, shaftDiameterM: node.kind === 'pump' ? 2.4 : 1.2, color: UTILITY_COLORS[node.utility], pipes, levelM: null };
}

/** The three.js facility view of a manhole, valve chamber or pump, with the live level from its sensor. */
export function FacilityPanel({ nodeId }: { nodeId: string }) {
  const t = useT();
  const handle = useEngine()!;
  const canvas = useRef<HTMLCanvasElement>(null);
  const view = useRef<FacilityView | null>(null);
  const node = handle.data.nodeById.get(nodeId);
  const sensor = (handle.data.sensorsByMount.get(nodeId) ?? []).find((s) => s.kind === 'level' || s.kind === 'pressure');
  const live = useSyncExternalStore(
    (cb) => handle.live.onFrame((changed) => { if (sensor && changed.has(sensor.id)) cb(); }),
    () => (sensor ? handle.live.get(sensor.id) : undefined),
  );
  const spec = node ? facilitySpec(handle.data, nodeId) : null;

  useEffect(() => {
    if (!canvas.current || !spec) return;
    view.current = createFacilityView(canvas.current, spec);
    return () => { view.current?.destroy(); view.current = null; };
    // The spec is derived from nodeId only.
  }, [nodeId]);

  const level = sensor?.kind === 'level' && live?.value !== undefined ? live.value : null;
  useEffect(() => { view.current?.setLevel(level); }, [level]);

  if (!node || !spec) return null;
  return (
    <div className="facility" data-testid="facility">
      <div className="facility-head">
        <strong>{t('facility.title')}</strong> · {t(`utility.${node.utility}`)} {node.kind} {node.id}
        <button className="close" onClick={() => viewerStore.set({ facilityNodeId: null })} aria-label={t('inspector.close')}>×</button>
      </div>
      <canvas ref={canvas} className="facility-canvas" />
      <div className="facility-foot">
        <span>{t('facility.depth', { depth: spec.depthM.toFixed(2) })}</span>
        <span>↘ {spec.pipes.filter((p) => p.direction === 'in').length} · ↗ {spec.pipes.filter((p) => p.direction === 'out').length}</span>
        {sensor && <span>{sensor.name ?? sensor.id}: {live?.value !== undefined ? `${live.value.toFixed(2)} ${sensor.unit}` : t('sensor.state.unknown')}</span>}
      </div>
    </div>
  );
}
