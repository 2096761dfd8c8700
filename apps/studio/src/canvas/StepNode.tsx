/**
 * One step on the canvas: icon, title, id, badges, problems, run state, and its handles. Zoomed far
 * out (a large workflow fitted in view, where 12 px text is a pixel high), a step is drawn as a box
 * in its status colour, the same size, with its handles: a few layout objects instead of thirty, so
 * painting a run's state over 500 steps (playback's seeks) costs a colour change, not a relayout.
 * The status colour is painted onto the element by the canvas's run painter (run-paint.ts), not by
 * rendering the node; only the status badge (text, near zoom) and the paused mark are rendered.
 */
import { Handle, Position, useStoreApi, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import { memo, useCallback, useEffect, useRef } from 'react';
import { useDoc, useDocumentStore } from '../document/context';
import { shownRunSteps } from '../document/run-slice';
import { toggleBreakpoint, type BreakpointMark } from '../debugger/breakpoints';
import { PauseIcon } from '../debugger/PauseIcon';
import { BlockIcon } from './BlockIcon';
import { IN_HANDLE, OUT_HANDLE, type StepNode as StepNodeType } from './graph';
import { useRunPainter } from './useRunPainter';
import { useFar } from './useFar';

const BADGE_TEXT: Record<string, string> = {
  foreach: '∀ foreach',
  repeat: '↻ repeat',
  retry: '⟳ retry',
  if: '? if',
};

const MARK_TEXT: Record<BreakpointMark, string> = {
  on: 'breakpoint',
  conditional: 'conditional breakpoint',
  disabled: 'disabled breakpoint',
};

type UpdateInternals = ReturnType<typeof useUpdateNodeInternals>;
/** Steps whose handles moved, per canvas, measured again together on the next microtask. */
const remeasure = new Map<UpdateInternals, Set<string>>();

/**
 * Asks React Flow to measure a step's handles again, together with every other step that asked in
 * the same turn: a zoom across `FAR_ZOOM` switches hundreds of steps at once, and each measure
 * wakes every subscriber of React Flow's store (thousands on a 500-step file), so one measure for
 * all of them instead of one each.
 */
function remeasureSoon(update: UpdateInternals, id: string): void {
  const ids = remeasure.get(update);
  if (ids) {
    ids.add(id);
    return;
  }
  remeasure.set(update, new Set([id]));
  queueMicrotask(() => {
    const all = remeasure.get(update);
    remeasure.delete(update);
    if (all) update([...all]);
  });
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

export const StepNode = memo(
  function StepNode({ id, data, selected }: NodeProps<StepNodeType>) {
    const store = useDocumentStore();
    // No subscription to React Flow's store here: the canvas reads the zoom once for all nodes.
    const far = useFar();
    const flow = useStoreApi();
    // The box keeps the size the full node was measured at, so edges and the layout do not move.
    const fullSize = useRef<{ width: number; height: number } | undefined>(undefined);
    if (!far) fullSize.current = undefined;
    else if (!fullSize.current) {
      const measured = flow.getState().nodeLookup.get(id)?.measured;
      if (measured?.width && measured.height)
        fullSize.current = { width: measured.width, height: measured.height };
    }
    // Handles sit elsewhere in the box: React Flow measures them again when the detail changes.
    const updateInternals = useUpdateNodeInternals();
    const drawnFar = useRef(far);
    useEffect(() => {
      if (drawnFar.current === far) return;
      drawnFar.current = far;
      remeasureSoon(updateInternals, id);
    }, [far, id, updateInternals]);
    // The run state (playback's frame while scrubbing, else the live one) is painted onto the element
    // (data-status, data-attempts) as it changes; rendered here is only whether the step is paused.
    const painter = useRunPainter();
    const paint = useCallback(
      (el: HTMLDivElement | null) => (el ? painter.attach(data.stepId, el) : undefined),
      [painter, data.stepId],
    );
    const paused = useDoc((s) => {
      const run = shownRunSteps(s)[data.stepId];
      return run?.status === 'WAITING' && run.waitReason === 'breakpoint';
    });
    const className = [
      'step-node',
      selected ? 'selected' : '',
      paused ? 'paused' : '',
      data.problems.length > 0 ? 'has-problems' : '',
    ]
      .filter(Boolean)
      .join(' ');
    if (far)
      return (
        <div
          ref={paint}
          className={`${className} far`}
          style={fullSize.current}
          data-testid={`step-${data.stepId}`}
          data-breakpoint={data.breakpoint ?? ''}
          data-label={`${data.title} (${data.stepId})`}
        >
          <Handle type="target" position={Position.Left} id={IN_HANDLE} className="handle-in" />
          {data.ports.map((port) => (
            <Handle
              key={port}
              type="source"
              position={Position.Right}
              id={port}
              className="handle-port"
              data-port={port}
            />
          ))}
          <Handle type="source" position={Position.Right} id={OUT_HANDLE} className="handle-out" />
        </div>
      );
    return (
      <div
        ref={paint}
        className={className}
        data-testid={`step-${data.stepId}`}
        data-breakpoint={data.breakpoint ?? ''}
        title={data.problems.join('\n') || undefined}
      >
        <button
          type="button"
          className={`bp-dot nodrag nopan ${data.breakpoint ? `bp-${data.breakpoint}` : 'bp-none'}`}
          aria-label={`Breakpoint on ${data.stepId}`}
          aria-pressed={data.breakpoint !== undefined}
          title={
            data.breakpoint
              ? `${MARK_TEXT[data.breakpoint]} — click or F9 to remove`
              : 'Add a breakpoint (F9): a debug run pauses before this step'
          }
          onClick={(e) => {
            e.stopPropagation();
            store.getState().setBreakpoints((b) => toggleBreakpoint(b, data.stepId));
          }}
        />
        {paused && (
          <span className="paused-marker" role="img" aria-label={`Paused before ${data.stepId}`}>
            <PauseIcon />
          </span>
        )}
        <Handle type="target" position={Position.Left} id={IN_HANDLE} className="handle-in" />
        <div className="step-head">
          <BlockIcon icon={data.icon} name={data.uses} />
          <div className="step-names">
            <div className="step-title">{data.title}</div>
            <div className="step-id">{data.stepId}</div>
          </div>
          {data.problems.length > 0 && (
            <span
              className="step-problem"
              role="img"
              aria-label={`${data.problems.length} problem(s): ${data.problems.join('; ')}`}
            >
              !
            </span>
          )}
        </div>
        <StepBadges stepId={data.stepId} badges={data.badges} />
        {data.ports.length > 0 && (
          <div className="step-ports">
            {data.ports.map((port) => (
              <div key={port} className="step-port">
                <span>{port}</span>
                <Handle
                  type="source"
                  position={Position.Right}
                  id={port}
                  className="handle-port"
                  data-port={port}
                />
              </div>
            ))}
          </div>
        )}
        <Handle type="source" position={Position.Right} id={OUT_HANDLE} className="handle-out" />
      </div>
    );
  },
  // React Flow renders a node again when it is measured, moved or dragged (new width, height, position
  // props); the node draws only its id, data and selection, so only those make it draw again (a
  // 500-step open re-rendered every mounted node once more after measuring them).
  sameStep,
);

function sameStep(a: NodeProps<StepNodeType>, b: NodeProps<StepNodeType>): boolean {
  return a.id === b.id && a.data === b.data && a.selected === b.selected;
}

/** The step's badges and, near enough to read, its run state in words (only visible nodes render it). */
const StepBadges = memo(function StepBadges({
  stepId,
  badges,
}: {
  stepId: string;
  badges: readonly string[];
}) {
  const run = useDoc((s) => shownRunSteps(s)[stepId]);
  const status = run?.status;
  if (badges.length === 0 && !status) return null;
  return (
    <div className="step-badges">
      {badges.map((b) => (
        <span key={b} className={`badge badge-${b}`}>
          {BADGE_TEXT[b] ?? b}
        </span>
      ))}
      {run && (
        <span className="badge badge-status" data-testid={`status-${stepId}`}>
          {run.status}
          {run.attempts > 1 ? ` · ${run.attempts} attempts` : ''}
          {run.durationMs !== undefined ? ` · ${formatDuration(run.durationMs)}` : ''}
        </span>
      )}
    </div>
  );
});
