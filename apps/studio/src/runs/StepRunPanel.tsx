/** The selected step in the watched run: status, input, output, error and logs. */
import { useAsync } from '../api/hooks';
import { useDoc } from '../document/context';
import { JsonTree } from './JsonTree';

export function StepRunPanel({ runId, stepId }: { runId: string; stepId: string }) {
  const live = useDoc((s) => s.runSteps[stepId]);
  const run = useAsync((api) => api.getRun(runId), [runId, live?.status]);
  const detail = run.data?.steps.find((s) => s.stepId === stepId);
  const logs = useAsync((api) => api.runLogs(runId, stepId), [runId, stepId, live?.status]);
  return (
    <section className="step-run" aria-label="Step run">
      <h3>
        {stepId}{' '}
        <span className={`status-pill status-${(live?.status ?? detail?.status ?? 'pending').toLowerCase()}`}>
          {live?.status ?? detail?.status ?? 'PENDING'}
        </span>
      </h3>
      {run.error && <p className="field-error">{run.error}</p>}
      {detail ? (
        <>
          <p className="muted">attempts: {detail.attempts}</p>
          <h4>Input</h4>
          <JsonTree value={detail.input ?? null} />
          <h4>Output</h4>
          <JsonTree value={detail.output ?? null} />
          {detail.error && (
            <>
              <h4>Error</h4>
              <JsonTree value={detail.error} />
            </>
          )}
          <h4>Logs</h4>
          {logs.data && logs.data.length > 0 ? (
            <JsonTree value={logs.data.map((e) => ({ at: new Date(e.at).toISOString(), ...e.data }))} />
          ) : (
            <p className="muted">No logs.</p>
          )}
        </>
      ) : (
        !run.loading && <p className="muted">This step has not started.</p>
      )}
    </section>
  );
}
