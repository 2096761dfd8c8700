/** A workflow's runs, filtered by status. */
import { useState } from 'react';
import { useWorkflowRuns } from '../api/queries';
import { href } from '../app/router';
import { SessionMenu } from '../auth/SessionMenu';
import type { RunStatus } from '../api/router-types';

const STATUSES: RunStatus[] = ['QUEUED', 'RUNNING', 'WAITING', 'SUCCESS', 'FAILED', 'CANCELLED'];

export function RunsPage({ workflowId }: { workflowId: string }) {
  const [status, setStatus] = useState<RunStatus | ''>('');
  const runs = useWorkflowRuns(workflowId, status, 100);
  return (
    <main className="page" aria-label="Runs">
      <header className="page-head">
        <a href="#/" className="brand">
          Weft
        </a>
        <h1>
          Runs of <a href={href({ page: 'editor', workflowId })}>{workflowId}</a>
        </h1>
        <div className="spacer" />
        <SessionMenu />
      </header>
      <label>
        Status{' '}
        <select
          aria-label="Filter by status"
          value={status}
          onChange={(e) => setStatus(e.target.value as RunStatus | '')}
        >
          <option value="">all</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      {runs.error && (
        <p className="page-error" role="alert">
          {runs.error}
        </p>
      )}
      <table className="runs">
        <thead>
          <tr>
            <th>Run</th>
            <th>Status</th>
            <th>Version</th>
            <th>Started</th>
            <th>Finished</th>
          </tr>
        </thead>
        <tbody>
          {(runs.data ?? []).map((r) => (
            <tr key={r.id}>
              <td>
                <a href={href({ page: 'run', runId: r.id })}>
                  <code>{r.id}</code>
                </a>
              </td>
              <td>
                <span className={`status-pill status-${r.status.toLowerCase()}`}>{r.status}</span>
              </td>
              <td>v{r.workflowVersion}</td>
              <td>{new Date(r.createdAt).toLocaleString()}</td>
              <td>{r.finishedAt ? new Date(r.finishedAt).toLocaleString() : ''}</td>
            </tr>
          ))}
          {runs.data?.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                No run matches.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </main>
  );
}
