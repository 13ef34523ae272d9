import { useEffect } from 'react';
import { viewerStore } from './store.js';

/** `/` focuses the search box (unless typing elsewhere); Esc clears the selection, the focused grid and any tool. */
export function useKeyboardShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = target?.tagName === 'INPUT' || target?.tagName === 'TEXTAREA' || target?.isContentEditable;
      if (e.key === '/' && !typing) {
        e.preventDefault();
        document.querySelector<HTMLInputElement>('[data-testid="search"]')?.focus();
      } else if (e.key === 'Escape') {
        if (typing) target?.blur();
        viewerStore.set({ selection: null, focusedGridId: null, facilityNodeId: null, tool: 'none' });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
