/**
 * The home page (`#/`): start from a template, start blank, import YAML or take a lesson; then the
 * workflows (search, enabled toggle, delete) and the latest runs. A server without workflows shows
 * a few highlighted templates instead of an empty table.
 */
import { useState } from 'react';
import { useDeleteWorkflow, useSaveWorkflow, useSetEnabled } from '../api/calls';
import { errorText } from '../api/hooks';
import { useWorkflows } from '../api/queries';
import { clearDraft } from './draft';
import { href, navigate } from '../app/router';
import { PageNav } from '../app/PageNav';
import { useDenied } from '../auth/session';
import { Dialog, DialogFooter } from './editor/Dialog';
import { IdTakenDialog } from './editor/IdTakenDialog';
import { withWorkflowId } from '../editor/export';
import { FeaturedTemplates } from '../home/FeaturedTemplates';
import { RecentRuns } from '../home/RecentRuns';
import '../home/home.css';

export function WorkflowsPage() {
  const [query, setQuery] = useState('');
  const list = useWorkflows(query);
  const setEnabled = useSetEnabled();
  const deleteWorkflow = useDeleteWorkflow();
  const [importing, setImporting] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const denied = useDenied('editor');
  const act = (p: Promise<unknown>) => p.then(list.reload, (e: unknown) => setError(errorText(e)));
  // Empty: no workflow at all (not merely none matching the search).
  const empty = list.data?.length === 0 && query === '';

  return (
    <main className="page page-wide" aria-label="Workflows">
      <PageNav title="Workflows" current="workflows" />
      <div className="start-tiles" role="group" aria-label="Start">
        <a className="start-tile" href={href({ page: 'templates' })}>
          <strong>Start from a template</strong>
          <span className="muted">Tested workflows: webhooks, ETL, AI, approvals…</span>
        </a>
        <a
          className="start-tile"
          href={href({ page: 'editor', workflowId: null })}
          onClick={() => clearDraft()}
        >
          <strong>New workflow</strong>
          <span className="muted">Start blank on an empty canvas.</span>
        </a>
        <button
          type="button"
          className="start-tile"
          onClick={() => setImporting(true)}
          disabled={denied !== null}
          title={denied ?? undefined}
        >
          <strong>Import YAML</strong>
          <span className="muted">Upload or paste a weft/v1 file.</span>
        </button>
        <a className="start-tile" href={href({ page: 'learn' })}>
          <strong>Learn Weft</strong>
          <span className="muted">Six short lessons, checked as you go.</span>
        </a>
      </div>
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
      {empty ? (
        <FeaturedTemplates />
      ) : (
        <div className="home-columns">
          <section aria-label="Your workflows">
            <h2>Your workflows</h2>
            <input
              type="search"
              aria-label="Search workflows"
              placeholder="Search workflows"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
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
                        onChange={(e) => void act(setEnabled(w.id, e.target.checked))}
                      />
                    </td>
                    <td>v{w.latestVersion}</td>
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
                      No workflow matches “{query}”.
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </section>
          <RecentRuns />
        </div>
      )}
      {importing && <ImportDialog onClose={() => setImporting(false)} />}
      {confirmDelete && (
        <Dialog title={`Delete ${confirmDelete}?`} onClose={() => setConfirmDelete(null)}>
          <p>The workflow and its versions are deleted. Past runs stay in the run history.</p>
          <DialogFooter onCancel={() => setConfirmDelete(null)}>
            <button
              type="button"
              className="danger"
              onClick={() => {
                const id = confirmDelete;
                setConfirmDelete(null);
                void act(deleteWorkflow(id));
              }}
            >
              Delete
            </button>
          </DialogFooter>
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
  const saveWorkflow = useSaveWorkflow();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [taken, setTaken] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (yaml: string) => {
    setBusy(true);
    setError(null);
    try {
      const r = await saveWorkflow(yaml, 'Imported', { create: true });
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
      <DialogFooter error={error} onCancel={onClose}>
        <button
          type="button"
          className="primary"
          disabled={busy || text.trim() === ''}
          onClick={() => void submit(text)}
        >
          Import
        </button>
      </DialogFooter>
    </Dialog>
  );
}
