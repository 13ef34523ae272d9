import { useEffect, useState, type ReactNode } from 'react';
import { useT } from '../../state/i18n.js';

/** Width (px) at and below which the viewer is in its phone (crew) layout: styles.css uses the same breakpoint. */
export const PHONE_MAX_WIDTH = 768;

const PHONE_QUERY = `(max-width: ${PHONE_MAX_WIDTH}px)`;

/** Whether the window is phone-sized now. */
export function isPhone(): boolean {
  return globalThis.matchMedia?.(PHONE_QUERY).matches ?? false;
}

function usePhone(): boolean {
  const query = PHONE_QUERY;
  const [phone, setPhone] = useState(isPhone);
  useEffect(() => {
    const mq = globalThis.matchMedia?.(query);
    if (!mq) return;
    const on = () => setPhone(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, [query]);
  return phone;
}

/**
 * The top bar's tools. On a wide screen they sit in the bar; on a phone they fold behind one "Menu" button and open as
 * a full-width sheet under the bar (the bar alone was 861 px wide on a 390 px screen, pushing tools off screen).
 */
export function TopbarMenu({ children }: { children: ReactNode }) {
  const t = useT();
  const phone = usePhone();
  const [open, setOpen] = useState(false);
  if (!phone) return <span className="topbar-tools">{children}</span>;
  return (
    <>
      <button
        className="menu-toggle"
        data-testid="menu-toggle"
        aria-expanded={open}
        aria-controls="topbar-menu"
        onClick={() => setOpen(!open)}
      >
        {open ? t('menu.close') : t('menu.open')}
      </button>
      <div id="topbar-menu" className={`topbar-tools phone-menu${open ? ' open' : ''}`} data-testid="topbar-menu">
        {children}
      </div>
    </>
  );
}
