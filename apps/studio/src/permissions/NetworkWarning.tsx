/**
 * In the inspector of a network step that no host is permitted for: the warning, and "Allow this
 * host", which adds the host to the workflow's `permissions.network` (through the DSL edit API).
 */
import { useMemo, useState } from 'react';
import { useDoc, useDocumentStore } from '../document/context';
import { setWorkflowField } from '../editor/commands/set-workflow-field';
import { networkWarnings } from './network-check';

export function NetworkWarning({ stepId }: { stepId: string }) {
  const store = useDocumentStore();
  const workflow = useDoc((s) => s.workflow);
  const catalog = useDoc((s) => s.catalog);
  const warning = useMemo(
    () => (workflow ? networkWarnings(workflow, catalog).find((w) => w.stepId === stepId) : undefined),
    [workflow, catalog, stepId],
  );
  const [typed, setTyped] = useState('');
  if (!warning || !workflow) return null;
  const allow = (host: string) => {
    const h = host.trim();
    if (h === '') return;
    const r = setWorkflowField(store, ['permissions', 'network'], [...workflow.permissions.network, h]);
    store.getState().notify(r.ok ? `Allowed ${h} in the workflow's permissions.network.` : r.error);
  };
  return (
    <div className="network-warning" role="group" aria-label="Network permission">
      <p>
        <strong>No host allowed.</strong> This step uses the network, but the workflow's{' '}
        <code>permissions.network</code> is empty: the run would fail with <code>PERMISSION_DENIED</code>.
      </p>
      {warning.host ? (
        <button type="button" className="primary" onClick={() => allow(warning.host as string)}>
          Allow {warning.host}
        </button>
      ) : (
        <div className="add-row">
          <input
            aria-label="Host to allow"
            placeholder="api.example.com"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
          <button type="button" onClick={() => allow(typed)}>
            Allow this host
          </button>
        </div>
      )}
    </div>
  );
}
