/** The latest runs of every workflow, with their status, on the home page. */
import { useRecentRuns } from '../api/queries';
import { href } from '../app/router';

const when = (ms: number): string => new Date(ms).toLocaleString();

export function RecentRuns() {
  const runs = useRecentRuns(10);
  return (
    <section aria-label="Recent runs" className="recent-runs">
      <h2>Recent runs</h2>
      {runs.error && <p className="muted">Cannot list the runs: {runs.error}</p>}
      {runs.data?.length === 0 && <p className="muted">No run yet. Open a workflow and press Run.</p>}
      <ul>
        {(runs.data ?? []).map((r) => (
          <li key={r.id}>
            <span className={`status-pill status-${r.status.toLowerCase()}`}>{r.status}</span>{' '}
            <a href={href({ page: 'run', runId: r.id })} title={`Run ${r.id}`}>
              {r.workflowId}
            </a>{' '}
            <span className="muted">{when(r.createdAt)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
