import { useT } from '../../state/i18n.js';
import { useAuth } from '../auth/auth.state.js';
import { adminStore, adminTabsFor, useAdminState } from './admin.state.js';

// Its own small module: the top bar shows the button before the admin area's chunk is loaded.
/** "Admin" in the top bar, for admins and managers. */
export function AdminButton() {
  const t = useT();
  const { user } = useAuth();
  const open = useAdminState((s) => s.open);
  const tabs = adminTabsFor(user?.role);
  if (tabs.length === 0) return null;
  return (
    <button
      data-testid="admin-open"
      className={open ? 'active' : ''}
      onClick={() => adminStore.set((s) => ({ open: !s.open, tab: tabs.includes(s.tab) ? s.tab : tabs[0]! }))}
    >
      {t('admin.title')}
    </button>
  );
}
