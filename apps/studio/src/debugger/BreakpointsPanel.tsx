/**
 * The Breakpoints panel: every breakpoint of this workflow (the person's, kept in the browser) with
 * its condition and hit count; enable, disable or remove one or all.
 */
import { useMemo } from 'react';
import { useDoc, useDocShallow, useDocumentStore } from '../document/context';
import { ExpressionInput } from '../inspector/ExpressionInput';
import {
  removeBreakpoint,
  setAllEnabled,
  setBreakpointEnabled,
  setCondition,
  type Breakpoint,
} from './breakpoints';
import './debugger.css';

export function BreakpointsPanel() {
  const store = useDocumentStore();
  const bps = useDoc((s) => s.breakpoints);
  const order = useDocShallow((s) => s.workflow?.steps.map((x) => x.id) ?? []);
  const list = useMemo(() => {
    const known = order.filter((id) => bps[id]).map((id) => bps[id] as Breakpoint);
    const gone = Object.values(bps).filter((bp) => !order.includes(bp.stepId));
    return [...known, ...gone];
  }, [bps, order]);
  const set = store.getState().setBreakpoints;
  return (
    <details className="breakpoints-panel" open={list.length > 0}>
      <summary>Breakpoints ({list.length})</summary>
      <section aria-label="Breakpoints">
        {list.length === 0 ? (
          <p className="muted">
            None. Click the dot at a step&apos;s left edge, or select it and press F9. A debug run (F5) pauses
            before these steps.
          </p>
        ) : (
          <>
            <div className="bp-buttons">
              <button type="button" onClick={() => set((b) => setAllEnabled(b, true))}>
                Enable all
              </button>
              <button type="button" onClick={() => set((b) => setAllEnabled(b, false))}>
                Disable all
              </button>
              <button type="button" className="danger" onClick={() => set(() => ({}))}>
                Remove all
              </button>
            </div>
            <ul>
              {list.map((bp) => {
                const missing = !order.includes(bp.stepId);
                return (
                  <li key={bp.stepId} data-testid={`breakpoint-${bp.stepId}`}>
                    <input
                      type="checkbox"
                      aria-label={`Enable breakpoint on ${bp.stepId}`}
                      checked={bp.enabled}
                      onChange={(e) => set((b) => setBreakpointEnabled(b, bp.stepId, e.target.checked))}
                    />
                    <button
                      type="button"
                      className="link"
                      disabled={missing}
                      title={missing ? 'This step is no longer in the workflow' : 'Select the step'}
                      onClick={() => store.getState().select([bp.stepId])}
                    >
                      <code>{bp.stepId}</code>
                      {missing && <span className="muted"> (gone)</span>}{' '}
                      <span className="muted" aria-label={`${bp.hits} hits`}>
                        · {bp.hits} hit{bp.hits === 1 ? '' : 's'}
                      </span>
                    </button>
                    <button
                      type="button"
                      aria-label={`Remove breakpoint on ${bp.stepId}`}
                      title="Remove"
                      onClick={() => set((b) => removeBreakpoint(b, bp.stepId))}
                    >
                      ×
                    </button>
                    <div className="bp-condition">
                      <ExpressionInput
                        label={`Condition for ${bp.stepId}`}
                        breakpoint
                        value={bp.condition ?? ''}
                        stepId={missing ? null : bp.stepId}
                        alwaysExpression
                        placeholder="always — or JSONata, e.g. item.total > 100"
                        onCommit={(v) => set((b) => setCondition(b, bp.stepId, v))}
                      />
                    </div>
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </section>
    </details>
  );
}
