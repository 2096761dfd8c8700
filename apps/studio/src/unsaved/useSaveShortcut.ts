/** Ctrl+S (Cmd+S on a Mac) saves, wherever the focus is in the editor, instead of the browser's "save page". */
import { useEffect, useRef } from 'react';

export function useSaveShortcut(onSave: (() => void) | null): void {
  const ref = useRef(onSave);
  ref.current = onSave;
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.key.toLowerCase() !== 's') return;
      e.preventDefault();
      ref.current?.();
    };
    // Capturing: Monaco and the canvas handle their own keys first otherwise.
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, []);
}
