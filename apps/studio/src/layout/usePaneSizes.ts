import { useCallback, useState } from 'react';
import { PANES_KEY, readPanes, storedPanes, type PaneSizes } from './pane-sizes';

/** The pane sizes, and a setter that keeps them for this browser. */
export function usePaneSizes(): [PaneSizes, (change: Partial<PaneSizes>) => void] {
  const [sizes, setSizes] = useState(storedPanes);
  const update = useCallback((change: Partial<PaneSizes>) => {
    setSizes((prev) => {
      const next = readPanes(JSON.stringify({ ...prev, ...change }));
      try {
        localStorage.setItem(PANES_KEY, JSON.stringify(next));
      } catch {
        // No storage: the sizes last for this page.
      }
      return next;
    });
  }, []);
  return [sizes, update];
}
