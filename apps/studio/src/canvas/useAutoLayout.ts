/** Lays out, with elkjs, the steps a file gives no `layout` for. Returns true once positions exist. */
import { useEffect, useMemo, useState } from 'react';
import { useDocumentStore, useDoc } from '../document/context';
import { autoLayout } from './auto-layout';

export function useAutoLayout(): boolean {
  const store = useDocumentStore();
  // Only the graph's shape matters: ids and needs, and which steps lack a layout entry. Worked out
  // once per parsed document, not on every change of the store (a run's events, playback's seeks).
  const workflow = useDoc((s) => s.workflow);
  const key = useMemo(() => {
    if (!workflow) return '';
    // With a layout (even a partial one) the file decides; elkjs only lays out files without one.
    if (Object.keys(workflow.layout).length > 0) return 'complete';
    return workflow.steps.map((st) => `${st.id}<${st.needs.map((n) => n.step).join(',')}`).join(';');
  }, [workflow]);
  const [ready, setReady] = useState(key === 'complete');

  useEffect(() => {
    if (key === 'complete' || key === '') {
      setReady(key === 'complete');
      return;
    }
    const wf = store.getState().workflow;
    if (!wf) return;
    let cancelled = false;
    autoLayout(wf).then(
      (positions) => {
        if (cancelled) return;
        store.getState().setAutoLayout(positions);
        setReady(true);
      },
      (err: unknown) => {
        if (!cancelled) store.getState().notify(`automatic layout failed: ${String(err)}`);
        setReady(true);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [key, store]);
  return ready;
}
