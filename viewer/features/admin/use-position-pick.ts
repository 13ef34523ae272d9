import { useEffect, useRef } from 'react';
import { useEngine } from '../../engine/engine-context.js';
import { EventPins } from '../../layers/event-pins/event-pins-layer.js';
import { adminStore, useAdminState } from './admin.state.js';

/**
 * "Pick on map": while active the admin sheet steps aside (admin.state `picking`) and the next ground click gives
 * its WGS84 position to `onPick`. The click handling is the event pins' ground pick (the report form's), with no pins.
 */
export function usePositionPick(onPick: (lon: number, lat: number) => void): { active: boolean; toggle: () => void } {
  const handle = useEngine();
  const active = useAdminState((s) => s.picking);
  const latest = useRef(onPick);
  latest.current = onPick;
  useEffect(() => {
    if (!active || !handle) return;
    const pins = new EventPins(handle.engine);
    pins.onGroundClick((lon, lat) => {
      latest.current(lon, lat);
      adminStore.set({ picking: false });
    });
    return () => {
      pins.onGroundClick(null);
      pins.destroy();
    };
  }, [active, handle]);
  // A form closed while picking ends the pick.
  useEffect(() => () => adminStore.set({ picking: false }), []);
  return { active, toggle: () => adminStore.set((s) => ({ picking: !s.picking })) };
}
