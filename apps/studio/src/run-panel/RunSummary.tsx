/** The run's inputs, outputs and error, kept up to date while the run's events arrive. */
import { JsonTree } from '../runs/JsonTree';
import { useRunDetail } from './useRunDetail';

export function RunSummary({ runId }: { runId: string }) {
  const run = useRunDetail(runId).data?.run;
  if (!run) return null;
  return (
    <section aria-label="Run summary">
      {run.error && (
        <div className="run-error" aria-label="Run error">
          <h3>Error</h3>
          <p>
            <strong>{run.error.code}</strong> {run.error.message}
          </p>
        </div>
      )}
      <h3>Outputs</h3>
      <div data-testid="run-outputs">
        <JsonTree value={run.outputs ?? null} />
      </div>
      <h3>Inputs</h3>
      <JsonTree value={run.inputs} />
    </section>
  );
}
