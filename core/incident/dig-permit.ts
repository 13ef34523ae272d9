import type { Event, Utility } from '../model/index.js';

/** Category of a dig permit event, and of each utility's coordination task. */
export const DIG_PERMIT_CATEGORY = 'dig-permit';
export const DIG_TASK_CATEGORY = 'dig-coordination';

/**
 * The utilities of a permit that have not signed off yet (a permit closes only when this is empty). Empty for any
 * event that is not a permit.
 */
export function missingSignOffs(event: Pick<Event, 'excavation'>): Utility[] {
  const permit = event.excavation;
  if (!permit || permit.role !== 'permit') return [];
  const signed = new Set(permit.signOffs.map((s) => s.utility));
  return permit.utilities.filter((u) => !signed.has(u));
}
