/** F5 starts a debug run (as in VS Code), never reloads the page while the editor is open. */
import { useEffect, useRef } from 'react';

export function useDebugShortcut(
  blocked: string | null,
  onDebug: () => void,
  onBlocked: (why: string) => void,
): void {
  const latest = useRef({ blocked, onDebug, onBlocked });
  latest.current = { blocked, onDebug, onBlocked };
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== 'F5' || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
      if ((e.target as HTMLElement | null)?.closest?.('dialog')) return;
      e.preventDefault();
      const l = latest.current;
      if (l.blocked) l.onBlocked(l.blocked);
      else l.onDebug();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
