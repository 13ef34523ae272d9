import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
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
 * Whether the tools in `tools` overflow the top bar: measured when unfolded; once folded, they unfold when the window
 * grows past the width at which they did not fit (a crowded bar at 1024 px cut "Measure" and the language switch off).
 */
function useOverflow(tools: React.RefObject<HTMLElement | null>, enabled: boolean, fitKey: string): boolean {
  const [foldedBelow, setFoldedBelow] = useState<number | null>(null);
  // Other tools (a login, another language): measured again. A bar folded while the login form was open stayed
  // folded after the login on a 1280 px screen, its tools hidden behind "Menu" though they fit.
  useLayoutEffect(() => setFoldedBelow(null), [fitKey]);
  useLayoutEffect(() => {
    if (!enabled) return;
    const check = () => {
      // The bar's tools do not shrink (the search box does): they overflow the bar itself.
      const el = tools.current?.parentElement;
      if (foldedBelow !== null) {
        if (window.innerWidth > foldedBelow) setFoldedBelow(null);
      } else if (el && el.scrollWidth > el.clientWidth + 1) setFoldedBelow(window.innerWidth);
    };
    check();
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(check) : null;
    if (tools.current) observer?.observe(tools.current);
    window.addEventListener('resize', check);
    return () => {
      observer?.disconnect();
      window.removeEventListener('resize', check);
    };
  });
  return enabled && foldedBelow !== null;
}

/**
 * The top bar's tools. On a wide screen they sit in the bar; on a phone, or where they do not fit, they fold behind
 * one "Menu" button and open as a full-width sheet under the bar (the bar alone was 861 px wide on a 390 px screen,
 * pushing tools off screen).
 */
export function TopbarMenu({
  children,
  fitKey = '',
}: {
  children: ReactNode;
  /** What decides which tools the bar holds (who is logged in, the language): a change measures the fit again. */
  fitKey?: string;
}) {
  const t = useT();
  const phone = usePhone();
  const tools = useRef<HTMLSpanElement>(null);
  const overflowing = useOverflow(tools, !phone, fitKey);
  const [open, setOpen] = useState(false);
  if (!phone && !overflowing)
    return (
      <span className="topbar-tools" ref={tools}>
        {children}
      </span>
    );
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
