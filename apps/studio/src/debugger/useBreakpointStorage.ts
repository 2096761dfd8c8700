/** Loads a workflow's breakpoints from localStorage into the document store and keeps them saved there. */
import { useEffect } from 'react';
import type { DocumentStore } from '../document/store';
import { loadBreakpoints, parseBreakpoints, saveBreakpoints, storageKey } from './breakpoints';

export function useBreakpointStorage(store: DocumentStore, workflowId: string | null): void {
  useEffect(() => {
    store.getState().setBreakpoints(() => loadBreakpoints(window.localStorage, workflowId));
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.breakpoints !== prev.breakpoints) saveBreakpoints(window.localStorage, workflowId, s.breakpoints);
    });
    // Another tab of the same workflow changed them.
    const onStorage = (e: StorageEvent) => {
      if (e.key === storageKey(workflowId))
        store.getState().setBreakpoints(() => parseBreakpoints(e.newValue));
    };
    window.addEventListener('storage', onStorage);
    return () => {
      unsubscribe();
      window.removeEventListener('storage', onStorage);
    };
  }, [store, workflowId]);
}
