import { useEffect } from 'react';
import { useT } from '../../state/i18n.js';
import { useAuth } from '../auth/auth.state.js';
import { adminStore, adminTabsFor, useAdminState, type AdminTab } from './admin.state.js';
import { CrewsTab } from './crews-tab.js';
import { GridsTab } from './grids-tab.js';
import { SensorsTab } from './sensors-tab.js';
import { UploadTab } from './upload-tab.js';
import { UsersTab } from './users-tab.js';
import './admin.css';

const TAB_VIEWS: Record<AdminTab, () => React.JSX.Element> = {
  sensors: SensorsTab,
  upload: UploadTab,
  crews: CrewsTab,
  grids: GridsTab,
  users: UsersTab,
};

/**
 * The admin area: a sheet over the scene (full screen on a phone) with a tab per registry the role may edit. While
 * a form picks a position it steps aside to a one-line bar, so the map can be clicked.
 */
export function AdminPanel() {
  const t = useT();
  const { user } = useAuth();
  const tab = useAdminState((s) => s.tab);
  const picking = useAdminState((s) => s.picking);
  const tabs = adminTabsFor(user?.role);
  // Logging out (or a role without access) closes it.
  useEffect(() => {
    if (tabs.length === 0) adminStore.set({ open: false, picking: false });
  }, [tabs.length]);
  if (tabs.length === 0) return null;
  const current = tabs.includes(tab) ? tab : tabs[0]!;
  const View = TAB_VIEWS[current];
  return (
    <aside
      className={`admin-sheet${picking ? ' picking' : ''}`}
      role="dialog"
      aria-label={t('admin.title')}
      data-testid="admin-panel"
    >
      {picking && (
        <div className="admin-pickbar" data-testid="admin-pickbar">
          <span>{t('admin.pick.hint')}</span>
          <button onClick={() => adminStore.set({ picking: false })}>{t('admin.pick.cancel')}</button>
        </div>
      )}
      <header className="admin-head">
        <h2>{t('admin.title')}</h2>
        <button
          className="admin-close"
          data-testid="admin-close"
          onClick={() => adminStore.set({ open: false, picking: false })}
        >
          {t('admin.close')}
        </button>
      </header>
      <nav className="admin-tabs" role="tablist">
        {tabs.map((id) => (
          <button
            key={id}
            role="tab"
            aria-selected={id === current}
            data-testid={`admin-tab-${id}`}
            className={id === current ? 'active' : ''}
            onClick={() => adminStore.set({ tab: id })}
          >
            {t(`admin.tab.${id}`)}
          </button>
        ))}
      </nav>
      <div className="admin-body" role="tabpanel">
        <View />
      </div>
    </aside>
  );
}
