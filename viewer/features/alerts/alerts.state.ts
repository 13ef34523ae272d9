import { useSyncExternalStore } from 'react';
import type { Alert, Role } from '../../../core/model/index.js';
import { createStore } from '../../state/store.js';

/** The alerts feature's plain state: the panel and the open (active or acknowledged) alerts. */
export interface AlertsState {
  panelOpen: boolean;
  /** Open alerts, active first, then newest first. */
  alerts: Alert[];
  /** The first list has arrived. */
  loaded: boolean;
  error: string | null;
  /** A short message of the last row action ("no event yet"), keyed by alert id. */
  notice: { alertId: string; text: string } | null;
}

/** The alerts store. */
export const alertsStore = createStore<AlertsState>({
  panelOpen: false,
  alerts: [],
  loaded: false,
  error: null,
  notice: null,
});

/** React hook: the part of the alerts state `select` picks. */
export function useAlertsState<T>(select: (s: AlertsState) => T): T {
  return useSyncExternalStore(alertsStore.subscribe, () => select(alertsStore.get()));
}

/** Roles that may acknowledge an alert (as the API's ACKNOWLEDGE_ROLES). */
export const ACKNOWLEDGE_ROLES: readonly Role[] = ['admin', 'manager', 'crew'];

/** Active before acknowledged, then newest first (raised time, then id so the order is stable). */
export function sortAlerts(alerts: Alert[]): Alert[] {
  return alerts.sort(
    (a, b) =>
      Number(b.state === 'active') - Number(a.state === 'active') ||
      b.raisedAt - a.raisedAt ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/**
 * Folds alert changes into the open set (in place): a cleared alert leaves it, any other state enters or replaces it
 * unless the set already holds a newer version (`updatedAt`) of it.
 */
export function mergeAlerts(open: Map<string, Alert>, changes: readonly Alert[]): void {
  for (const alert of changes) {
    const known = open.get(alert.id);
    if (known && known.updatedAt > alert.updatedAt) continue;
    if (alert.state === 'cleared') open.delete(alert.id);
    else open.set(alert.id, alert);
  }
}

/** Actions on the alerts store. */
export const alertActions = {
  togglePanel() {
    alertsStore.set((s) => ({ panelOpen: !s.panelOpen, notice: null }));
  },
  notice(alertId: string, text: string | null) {
    alertsStore.set({ notice: text === null ? null : { alertId, text } });
  },
};
