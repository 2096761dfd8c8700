/** Workflows: list with search, enabled toggle and last run; create, import (upload or paste), delete. */
import { useState } from 'react';
import { errorText, useApi, useAsync } from '../api/hooks';
import { clearDraft } from './draft';
import { href, navigate } from '../app/router';
import { useDenied } from '../auth/session';
import { SessionMenu } from '../auth/SessionMenu';
import { Dialog } from './editor/Dialog';
import { IdTakenDialog } from './editor/IdTakenDialog';
import { withWorkflowId } from '../editor/export';

export function WorkflowsPage() {
  const api = useApi();
  const [query, setQuery] = useState('');
  const list = useAsync((a) => a.listWorkflows(query), [query]);
  const [importing, setImporting] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const denied = useDenied('editor');
  const act = (p: Promise<unknown>) => p.then(list.reload, (e: unknown) => setError(errorText(e)));

  return (
    <main className="page" aria-label="Workflows">
      <header className="page-head">
        <a href="#/" className="brand">
          Weft
        </a>
        <h1>Workflows</h1>
        <div className="spacer" />
        <a className="button" href={href({ page: 'editor', workflowId: null })} onClick={() => clearDraft()}>
          New workflow
        </a>
        <button
          type="button"
          onClick={() => setImporting(true)}
          disabled={denied !== null}
          title={denied ?? undefined}
        >
          Import YAML
        </button>
        <a className="button" href={href({ page: 'templates' })}>
          Templates
        </a>
        <a className="button" href={href({ page: 'secrets' })}>
          Secrets
        </a>
        <a className="button" href={href({ page: 'admin-blocks' })}>
          Blocks
        </a>
        <SessionMenu />
      </header>
      <input
        type="search"
        aria-label="Search workflows"
        placeholder="Search workflows"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {list.error && (
        <p className="page-error" role="alert">
          Cannot reach the server: {list.error}. You can still{' '}
          <a href={href({ page: 'editor', workflowId: null })}>edit a workflow locally</a>.
        </p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <table className="workflows">
        <thead>
          <tr>
            <th>Workflow</th>
            <th>Enabled</th>
            <th>Version</th>
            <th>Runs</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(list.data ?? []).map((w) => (
            <tr key={w.id}>
              <td>
                <a href={href({ page: 'editor', workflowId: w.id })}>{w.name ?? w.id}</a>{' '}
                <code className="muted">{w.id}</code>
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Enable ${w.id}`}
                  checked={w.enabled}
                  disabled={denied !== null}
                  title={denied ?? undefined}
                  onChange={(e) => void act(api.setEnabled(w.id, e.target.checked))}
                />
              </td>
              <td>v{w.version}</td>
              <td>
                <a href={href({ page: 'runs', workflowId: w.id })}>runs</a>
              </td>
              <td>
                <button
                  type="button"
                  className="danger"
                  onClick={() => setConfirmDelete(w.id)}
                  disabled={denied !== null}
                  title={denied ?? undefined}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
          {list.data?.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                No workflow yet. Create one or import a YAML file.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {importing && <ImportDialog onClose={() => setImporting(false)} />}
      {confirmDelete && (
        <Dialog title={`Delete ${confirmDelete}?`} onClose={() => setConfirmDelete(null)}>
          <p>The workflow and its versions are deleted. Past runs stay in the run history.</p>
          <div className="dialog-buttons">
            <button type="button" onClick={() => setConfirmDelete(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => {
                const id = confirmDelete;
                setConfirmDelete(null);
                void act(api.deleteWorkflow(id));
              }}
            >
              Delete
            </button>
          </div>
        </Dialog>
      )}
    </main>
  );
}

/**
 * Import never replaces a saved workflow: a file whose id is taken asks, like Save does for a new
 * document, whether to import it under a new id or to open the existing workflow.
 */
function ImportDialog({ onClose }: { onClose: () => void }) {
  const api = useApi();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [taken, setTaken] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (yaml: string) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.saveWorkflow(yaml, 'Imported', { create: true });
      if (r.taken) {
        setText(yaml);
        setTaken(r.id);
        return;
      }
      navigate({ page: 'editor', workflowId: r.id });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  if (taken)
    return (
      <IdTakenDialog
        key={taken}
        taken={taken}
        error={error}
        busy={busy}
        onClose={onClose}
        onSaveUnder={(newId) => {
          const r = withWorkflowId(text, newId);
          if (!r.ok) return setError(r.error);
          setTaken(null);
          void submit(r.text);
        }}
        onOpenExisting={() => {
          onClose();
          navigate({ page: 'editor', workflowId: taken });
        }}
      />
    );
  return (
    <Dialog title="Import YAML" onClose={onClose}>
      <label>
        Upload a file
        <input
          type="file"
          accept=".yaml,.yml,text/yaml"
          aria-label="YAML file"
          onChange={(e) => void e.target.files?.[0]?.text().then(setText)}
        />
      </label>
      <label>
        or paste it
        <textarea
          aria-label="YAML text"
          rows={12}
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
        />
      </label>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          disabled={busy || text.trim() === ''}
          onClick={() => void submit(text)}
        >
          Import
        </button>
      </div>
    </Dialog>
  );
}
