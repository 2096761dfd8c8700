/**
 * What a person can do to a run from its view: cancel it while it has not ended, approve or reject
 * an approval step that is WAITING (with a comment), and retry a finished run from a step.
 */
import { useMemo, useState } from 'react';
import { useCancelRun, useDecide, useRetryRun } from '../api/calls';
import { errorText } from '../api/hooks';
import { navigate } from '../app/router';
import { useDenied } from '../auth/session';
import { useDoc } from '../document/context';
import { awaitingApproval, isTerminalRun } from './run-events';

export function RunActions({ runId, selected }: { runId: string; selected: string | undefined }) {
  const cancelRun = useCancelRun();
  const decide = useDecide();
  const retryRun = useRetryRun();
  const denied = useDenied('editor');
  const status = useDoc((s) => s.run?.status ?? 'QUEUED');
  const runSteps = useDoc((s) => s.runSteps);
  const workflow = useDoc((s) => s.workflow);
  const stepIds = useMemo(() => workflow?.steps.map((x) => x.id) ?? [], [workflow]);
  const approvalSteps = useMemo(
    () => new Set(workflow?.steps.filter((x) => x.uses === 'approval').map((x) => x.id) ?? []),
    [workflow],
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [comments, setComments] = useState<Record<string, string>>({});
  const [retryFrom, setRetryFrom] = useState<string>('');
  const ended = isTerminalRun(status);
  const waiting = awaitingApproval(runSteps, approvalSteps);
  const firstFailed = stepIds.find((id) => runSteps[id]?.status === 'FAILED');
  const from = retryFrom || selected || firstFailed || stepIds[0] || '';

  const act = async (what: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    setInfo(null);
    try {
      setInfo(await what());
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const off = busy || denied !== null;

  return (
    <section className="run-actions" aria-label="Run actions">
      {!ended && (
        <button
          type="button"
          className="danger"
          disabled={off}
          title={denied ?? 'Stop this run: running steps are cancelled'}
          onClick={() => void act(async () => (await cancelRun(runId), 'Cancel requested.'))}
        >
          Cancel run
        </button>
      )}
      {waiting.map((stepId) => (
        <fieldset key={stepId} className="approval" aria-label={`Approval ${stepId}`}>
          <legend>
            <code>{stepId}</code> waits for approval
          </legend>
          {runSteps[stepId]?.message && <p>{runSteps[stepId]?.message}</p>}
          <textarea
            aria-label={`Comment for ${stepId}`}
            placeholder="Comment (optional)"
            rows={2}
            value={comments[stepId] ?? ''}
            onChange={(e) => setComments({ ...comments, [stepId]: e.target.value })}
          />
          <div className="dialog-buttons">
            <button
              type="button"
              className="danger"
              disabled={off}
              title={denied ?? undefined}
              onClick={() =>
                void act(
                  async () => (
                    await decide(runId, stepId, false, comments[stepId] ?? ''),
                    `Rejected ${stepId}.`
                  ),
                )
              }
            >
              Reject
            </button>
            <button
              type="button"
              className="primary"
              disabled={off}
              title={denied ?? undefined}
              onClick={() =>
                void act(
                  async () => (
                    await decide(runId, stepId, true, comments[stepId] ?? ''),
                    `Approved ${stepId}.`
                  ),
                )
              }
            >
              Approve
            </button>
          </div>
        </fieldset>
      ))}
      {ended && stepIds.length > 0 && (
        <div className="retry">
          <label>
            Retry from step
            <select value={from} onChange={(e) => setRetryFrom(e.target.value)}>
              {stepIds.map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            disabled={off || !from}
            title={
              denied ?? `A new run of this version and inputs: ${from} and everything after it run again`
            }
            onClick={() =>
              void act(async () => {
                const r = await retryRun(runId, from);
                navigate({ page: 'run', runId: r.runId });
                return null;
              })
            }
          >
            Retry
          </button>
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {info && <p role="status">{info}</p>}
    </section>
  );
}
