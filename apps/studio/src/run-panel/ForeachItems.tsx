/**
 * The per-iteration view of a foreach step: its items with a status each, failed items first;
 * picking one shows that iteration's input, output, error and attempts. Folded from the step's events
 * as the run's live stream delivers them, so items change state while the foreach runs.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RunEvent } from '../api/router-types';
import { useRunEvents } from '../api/subscriptions';
import { JsonTree } from '../runs/JsonTree';
import { nextFrame } from '../runs/next-frame';
import { foreachItems, type ForeachItem } from './foreach-items';

const preview = (v: unknown): string => {
  const s = JSON.stringify(v ?? null);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
};

export function ForeachItems({ runId, stepId }: { runId: string; stepId: string }) {
  const events = useStepEventsLive(runId, stepId);
  const items = useMemo(() => foreachItems(events.list, stepId), [events, stepId]);
  const [picked, setPicked] = useState<number | null>(null);
  if (events.error) return <p className="field-error">Cannot read the items: {events.error}</p>;
  if (!items) return <p className="muted">The foreach has not started.</p>;
  const failed = items.filter((i) => i.status === 'FAILED').length;
  const shown = items.find((i) => i.index === picked) ?? items[0];
  return (
    <section className="foreach-items" aria-label="Foreach items">
      <h4>
        Items ({items.length}
        {failed > 0 && <span className="bad-text">, {failed} failed</span>})
      </h4>
      {items.length === 0 ? (
        <p className="muted">The foreach got an empty list: nothing ran.</p>
      ) : (
        <div className="foreach-body">
          <ul className="foreach-list" aria-label={`Items of ${stepId}`}>
            {items.map((it) => (
              <li key={it.index}>
                <button
                  type="button"
                  aria-current={it === shown ? 'true' : undefined}
                  aria-label={`Item ${it.index + 1}: ${it.status}`}
                  onClick={() => setPicked(it.index)}
                >
                  <span className={`status-dot status-${it.status.toLowerCase()}`} aria-hidden="true" />
                  <span className="foreach-index">#{it.index + 1}</span>
                  <code className="foreach-value">{preview(it.item)}</code>
                  <span className="muted"> {it.status}</span>
                </button>
              </li>
            ))}
          </ul>
          {shown && <Iteration item={shown} />}
        </div>
      )}
    </section>
  );
}

/**
 * The events of one step as the run's live stream delivers them (every one from the first, then new
 * ones as they happen). Renders at most once a frame, however many arrive.
 */
function useStepEventsLive(
  runId: string,
  stepId: string,
): { list: readonly RunEvent[]; error: string | null } {
  const buffer = useRef<RunEvent[]>([]);
  const frame = useRef<(() => void) | null>(null);
  const [state, setState] = useState<{ list: readonly RunEvent[]; error: string | null }>({
    list: [],
    error: null,
  });
  useEffect(() => {
    buffer.current = [];
    setState({ list: [], error: null });
    return () => {
      frame.current?.();
      frame.current = null;
    };
  }, [runId, stepId]);
  useRunEvents(
    runId,
    (e) => {
      if (e.stepId !== stepId) return;
      buffer.current.push(e);
      frame.current ??= nextFrame(() => {
        frame.current = null;
        setState({ list: [...buffer.current], error: null });
      });
    },
    (err) => setState((s) => ({ ...s, error: err.message })),
    stepId,
  );
  return state;
}

function Iteration({ item }: { item: ForeachItem }) {
  return (
    <div className="foreach-iteration" aria-label={`Item ${item.index + 1}`} role="group">
      <p>
        Item <strong>#{item.index + 1}</strong> (index {item.index}){' '}
        <span className={`status-pill status-${item.status.toLowerCase()}`}>{item.status}</span>
        <span className="muted">
          {' '}
          · {item.attempts} attempt{item.attempts === 1 ? '' : 's'}
        </span>
      </p>
      {item.error && (
        <div className="run-error" aria-label="Item error">
          <p>
            <strong>{item.error.code}</strong> {item.error.message}
          </p>
        </div>
      )}
      <div className="step-run-columns">
        <div>
          <h5>Input</h5>
          <JsonTree value={item.input ?? { item: item.item, index: item.index }} />
        </div>
        <div>
          <h5>Output</h5>
          {item.status === 'SUCCESS' ? (
            <JsonTree value={item.output ?? null} />
          ) : (
            <p className="muted">{item.status === 'FAILED' ? 'None: it failed.' : 'Not yet.'}</p>
          )}
        </div>
      </div>
    </div>
  );
}
