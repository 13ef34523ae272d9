import { useSyncExternalStore } from 'react';
import { useEngine } from '../../engine/engine-context.js';
import { useT } from '../../state/i18n.js';

/** Whether live sensor data flows (/api/live), as a small badge in the top bar. */
export function LiveBadge() {
  const t = useT();
  const live = useEngine()?.live;
  const status = useSyncExternalStore(
    (cb) => live?.onStatus(cb) ?? (() => undefined),
    () => live?.status ?? 'connecting',
  );
  return <span className={`live-badge ${status}`}>{status === 'open' ? t('live.connected') : t('live.absent')}</span>;
}
