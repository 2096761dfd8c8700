/** The runs explorer's bulk actions: pick an action, confirm it, then see what happened to each run. */
import { useState } from 'react';
import { useOpsCalls } from '../api/ops-calls';
import { href } from '../app/router';
import { applicable, runBulk, type BulkAction, type BulkResult } from './bulk';

const VERB: Record<BulkAction, string> = { cancel: 'Cancel', retry: 'Retry' };

export function BulkBar({
  selected,
  statusOf,
  onDone,
}: {
  selected: readonly string[];
  statusOf: (runId: string) => string | undefined;
  onDone: () => void;
}) {
  const ops = useOpsCalls();
  const [asking, setAsking] = useState<BulkAction | null>(null);
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<{ action: BulkAction; list: BulkResult[] } | null>(null);

  const go = async (action: BulkAction): Promise<void> => {
    setBusy(true);
    try {
      const list = await runBulk(action, selected, {
        cancel: (runId) => ops.cancelRun(runId),
        retry: (runId) => ops.retryRun(runId),
      });
      setResults({ action, list });
      setAsking(null);
      onDone();
    } finally {
      setBusy(false);
    }
  };

  const count = (a: BulkAction): number =>
    selected.filter((id) => {
      const s = statusOf(id);
      return s === undefined || applicable(a, s);
    }).length;

  return (
    <>
      {selected.length > 0 && (
        <div className="bulk-bar" role="toolbar" aria-label="Selected runs">
          <strong>{selected.length} selected</strong>
          <button type="button" disabled={busy} onClick={() => setAsking('cancel')}>
            Cancel runs…
          </button>
          <button type="button" disabled={busy} onClick={() => setAsking('retry')}>
            Retry runs…
          </button>
        </div>
      )}
      {asking && selected.length > 0 && (
        <div
          className="bulk-confirm"
          role="alertdialog"
          aria-label={`${VERB[asking]} ${selected.length} runs?`}
        >
          <p>
            {asking === 'cancel'
              ? `Cancel ${selected.length} run${selected.length === 1 ? '' : 's'}? Steps that are running are stopped; ended runs are left as they are.`
              : `Retry ${selected.length} run${selected.length === 1 ? '' : 's'}? Each gets a NEW run that starts again from its first failed step, with the same inputs and version.`}
            {count(asking) < selected.length &&
              ` ${selected.length - count(asking)} of them cannot be ${asking === 'cancel' ? 'cancelled (already ended)' : 'retried (not failed or cancelled)'} and will be reported.`}
          </p>
          <button type="button" className="primary" disabled={busy} onClick={() => void go(asking)}>
            {busy ? 'Working…' : `${VERB[asking]} ${selected.length} run${selected.length === 1 ? '' : 's'}`}
          </button>
          <button type="button" disabled={busy} onClick={() => setAsking(null)}>
            Keep them
          </button>
        </div>
      )}
      {results && (
        <section className="bulk-results" aria-label="Bulk results" role="status">
          <h2>
            {VERB[results.action]}: {results.list.filter((r) => r.ok).length} done,{' '}
            {results.list.filter((r) => !r.ok).length} refused
          </h2>
          <ul>
            {results.list.map((r) => (
              <li key={r.runId} className={r.ok ? 'ok' : 'refused'}>
                <a href={href({ page: 'run', runId: r.runId })}>
                  <code>{r.runId.slice(0, 13)}…</code>
                </a>{' '}
                {r.ok ? '✓' : '✗'} {r.message}
                {r.newRunId && (
                  <>
                    {' → new run '}
                    <a href={href({ page: 'run', runId: r.newRunId })}>
                      <code>{r.newRunId.slice(0, 13)}…</code>
                    </a>
                  </>
                )}
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => setResults(null)}>
            Dismiss
          </button>
        </section>
      )}
    </>
  );
}
