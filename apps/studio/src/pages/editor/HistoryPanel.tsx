/** History: the workflow's versions, a diff of any two, and rollback. */
import { useState } from 'react';
import { errorText, useApi, useAsync } from '../../api/hooks';
import { useDenied } from '../../auth/session';
import { diffLines } from '../../editor/line-diff';
import { Dialog } from './Dialog';

export function HistoryPanel({
  workflowId,
  onClose,
  onRolledBack,
}: {
  workflowId: string;
  onClose: () => void;
  onRolledBack: () => void;
}) {
  const api = useApi();
  const versions = useAsync((a) => a.history(workflowId), [workflowId]);
  const [pair, setPair] = useState<[number | null, number | null]>([null, null]);
  const [error, setError] = useState<string | null>(null);
  const denied = useDenied('editor');
  const [from, to] = pair;
  const diff = useAsync(
    async (a) => {
      if (from === null || to === null) return null;
      const [x, y] = await Promise.all([a.getWorkflow(workflowId, from), a.getWorkflow(workflowId, to)]);
      return diffLines(x.version.yaml, y.version.yaml);
    },
    [workflowId, from, to],
  );
  const pick = (v: number) =>
    setPair(([a, b]) =>
      a === null ? [v, null] : b === null && v !== a ? [Math.min(a, v), Math.max(a, v)] : [v, null],
    );
  return (
    <Dialog title="History" onClose={onClose}>
      {versions.error && <p className="field-error">{versions.error}</p>}
      <p className="muted">Pick two versions to compare them.</p>
      <table className="history">
        <thead>
          <tr>
            <th>Version</th>
            <th>Message</th>
            <th>When</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(versions.data ?? []).map((v) => (
            <tr key={v.version} className={v.version === from || v.version === to ? 'picked' : ''}>
              <td>
                <button
                  type="button"
                  onClick={() => pick(v.version)}
                  aria-pressed={v.version === from || v.version === to}
                >
                  v{v.version}
                </button>
              </td>
              <td>{v.message}</td>
              <td>{new Date(v.createdAt).toLocaleString()}</td>
              <td>
                <button
                  type="button"
                  disabled={denied !== null}
                  title={denied ?? undefined}
                  onClick={() => {
                    api
                      .rollback(workflowId, v.version)
                      .then(onRolledBack, (e: unknown) => setError(errorText(e)));
                  }}
                >
                  Roll back to v{v.version}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && <p className="field-error">{error}</p>}
      {diff.data && (
        <pre className="diff" aria-label={`Diff of v${from} and v${to}`}>
          {diff.data.map((l, i) => (
            <div key={i} className={`diff-${l.kind}`}>
              {l.kind === 'add' ? '+ ' : l.kind === 'del' ? '- ' : '  '}
              {l.text}
            </div>
          ))}
        </pre>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
