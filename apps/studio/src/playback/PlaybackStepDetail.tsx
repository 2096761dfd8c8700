/**
 * One step as it was at the event the scrubber shows: its status, attempts and duration so far, its
 * input, output and error then (from the engine's replay), and the log lines it had written by then.
 */
import { useMemo } from 'react';
import type { RunEvent } from '@weft/engine/replay';
import type { PlaybackFrame } from '../document/run-slice';
import { JsonTree } from '../runs/JsonTree';
import { logsUpTo } from './playback';

export function PlaybackStepDetail({
  stepId,
  frame,
  events,
}: {
  stepId: string;
  frame: PlaybackFrame;
  events: readonly RunEvent[];
}) {
  const view = frame.steps[stepId];
  const rec = frame.records[stepId];
  const status = view?.status ?? 'PENDING';
  const logs = useMemo(() => logsUpTo(events, stepId, frame.index), [events, stepId, frame.index]);
  return (
    <section className="step-run" aria-label="Step run" data-at={frame.seq}>
      <h3>
        {stepId} <span className={`status-pill status-${status.toLowerCase()}`}>{status}</span>
        {view && view.attempts > 1 && <span className="muted"> · {view.attempts} attempts</span>}
        {view?.durationMs !== undefined && <span className="muted"> · {view.durationMs} ms</span>}
        <span className="muted"> · as at event {frame.seq}</span>
      </h3>
      {rec?.error && (
        <div className="run-error" aria-label="Step error">
          <h4>Error</h4>
          <p>
            <strong>{rec.error.code}</strong> {rec.error.message}
          </p>
        </div>
      )}
      {view && status !== 'PENDING' ? (
        <div className="step-run-columns">
          <div>
            <h4>Output</h4>
            <JsonTree value={rec?.output ?? null} />
          </div>
          <div>
            <h4>Input</h4>
            <JsonTree value={rec?.input ?? null} />
          </div>
          <div>
            <h4>Logs</h4>
            {logs.length > 0 ? (
              <JsonTree value={logs.map((e) => ({ at: new Date(e.at).toISOString(), ...e.data }))} />
            ) : (
              <p className="muted">No logs yet.</p>
            )}
          </div>
        </div>
      ) : (
        <p className="muted">This step has not started at this event.</p>
      )}
    </section>
  );
}
