/** History: the workflow's versions, a diff of any two, and rollback. */
import { useMemo, useState } from 'react';
import { useRollback } from '../../api/calls';
import { errorText } from '../../api/hooks';
import { useVersionTexts, useWorkflowHistory } from '../../api/queries';
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
  const versions = useWorkflowHistory(workflowId);
  const rollback = useRollback();
  const [pair, setPair] = useState<[number | null, number | null]>([null, null]);
  const [error, setError] = useState<string | null>(null);
  const denied = useDenied('editor');
  const [from, to] = pair;
  const texts = useVersionTexts(workflowId, from, to);
  const diff = useMemo(() => (texts.data ? diffLines(texts.data[0], texts.data[1]) : null), [texts.data]);
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
                    rollback(workflowId, v.version).then(onRolledBack, (e: unknown) =>
                      setError(errorText(e)),
                    );
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
      {diff && (
        <pre className="diff" aria-label={`Diff of v${from} and v${to}`}>
          {diff.map((l, i) => (
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
