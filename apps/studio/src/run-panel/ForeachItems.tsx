/**
 * The per-iteration view of a foreach step: its items with a status each, failed items first;
 * picking one shows that iteration's input, output, error and attempts. Read from the step's events,
 * fetched again whenever its live status or attempts move.
 */
import { useMemo, useState } from 'react';
import { useStepEvents } from '../api/queries';
import { useDoc } from '../document/context';
import { JsonTree } from '../runs/JsonTree';
import { foreachItems, type ForeachItem } from './foreach-items';

const preview = (v: unknown): string => {
  const s = JSON.stringify(v ?? null);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
};

export function ForeachItems({ runId, stepId }: { runId: string; stepId: string }) {
  const key = useDoc((s) => {
    const v = s.runSteps[stepId];
    return v ? `${v.status}:${v.attempts}` : '';
  });
  const events = useStepEvents(runId, stepId, key);
  const items = useMemo(
    () => (events.data ? foreachItems(events.data, stepId) : undefined),
    [events.data, stepId],
  );
  const [picked, setPicked] = useState<number | null>(null);
  if (events.error) return <p className="field-error">Cannot read the items: {events.error}</p>;
  if (!items) return events.loading ? null : <p className="muted">The foreach has not started.</p>;
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
