import { useSyncExternalStore } from 'react';
import type { Role } from '../../../core/model/index.js';
import { createStore } from '../../state/store.js';

/** The admin area's tabs. */
export type AdminTab = 'sensors' | 'upload' | 'crews' | 'grids' | 'users';

/** Tabs by role: admins edit everything; managers see crews and sensor thresholds. */
export function adminTabsFor(role: Role | undefined): AdminTab[] {
  if (role === 'admin') return ['sensors', 'upload', 'crews', 'grids', 'users'];
  if (role === 'manager') return ['sensors', 'crews'];
  return [];
}

export interface AdminState {
  open: boolean;
  tab: AdminTab;
  /** While set, the sheet steps aside and the next map click gives a position (sensor form: "pick on map"). */
  picking: boolean;
}

export const adminStore = createStore<AdminState>({ open: false, tab: 'sensors', picking: false });

export function useAdminState<T>(select: (s: AdminState) => T): T {
  return useSyncExternalStore(adminStore.subscribe, () => select(adminStore.get()));
}
