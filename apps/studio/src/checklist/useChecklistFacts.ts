/**
 * The server's half of the checklist's facts, kept live: the secret names (read again when the
 * window regains focus, e.g. after the person set one in another tab) and whether a run succeeded.
 */
import { useEffect, useState } from 'react';
import { useListRuns, useListSecrets } from '../api/calls';
import { useDoc } from '../document/context';

export function useServerFacts(workflowId: string | null): {
  secrets: ReadonlySet<string> | null;
  succeeded: boolean;
} {
  const listSecrets = useListSecrets();
  const listRuns = useListRuns();
  const runStatus = useDoc((s) => s.run?.status ?? null);
  const [secrets, setSecrets] = useState<ReadonlySet<string> | null>(null);
  const [succeededBefore, setSucceededBefore] = useState(false);

  useEffect(() => {
    let cancelled = false;
    const load = () =>
      void listSecrets().then(
        (list) => !cancelled && setSecrets(new Set(list.map((s) => s.name))),
        () => undefined,
      );
    load();
    const onVisible = () => document.visibilityState === 'visible' && load();
    window.addEventListener('focus', load);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      cancelled = true;
      window.removeEventListener('focus', load);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [listSecrets]);

  useEffect(() => {
    if (!workflowId) return;
    let cancelled = false;
    void listRuns(workflowId, 'SUCCESS', 1).then(
      (runs) => !cancelled && setSucceededBefore(runs.length > 0),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [listRuns, workflowId]);

  return { secrets, succeeded: succeededBefore || runStatus === 'SUCCESS' };
}
