/**
 * The context menu of a canvas node (right click, or Shift+F10 / the context-menu key on a selected
 * node): the step's breakpoint — add or remove, a condition, enable or disable.
 */
import { useEffect, useRef, useState } from 'react';
import { useDoc, useDocumentStore } from '../document/context';
import { ExpressionInput } from '../inspector/ExpressionInput';
import { setBreakpointEnabled, setCondition, toggleBreakpoint } from './breakpoints';
import './debugger.css';

export interface NodeMenuAt {
  stepId: string;
  x: number;
  y: number;
}

export function NodeMenu({ at, onClose }: { at: NodeMenuAt; onClose: () => void }) {
  const store = useDocumentStore();
  const bp = useDoc((s) => s.breakpoints[at.stepId]);
  const [editing, setEditing] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const set = store.getState().setBreakpoints;

  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('button, input')?.focus();
    const onDown = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    window.addEventListener('pointerdown', onDown, true);
    return () => window.removeEventListener('pointerdown', onDown, true);
  }, [onClose, editing]);

  const act = (f: () => void) => () => {
    f();
    onClose();
  };

  return (
    <div
      ref={ref}
      className="node-menu"
      role={editing ? 'dialog' : 'menu'}
      aria-label={`Step ${at.stepId}`}
      style={{ left: at.x, top: at.y }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
        if (!editing && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
          e.preventDefault();
          const items = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
          const i = items.indexOf(document.activeElement as HTMLElement);
          const next = items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length];
          next?.focus();
        }
      }}
    >
      {editing ? (
        <>
          <ExpressionInput
            label={`Condition for ${at.stepId}`}
            breakpoint
            value={bp?.condition ?? ''}
            stepId={at.stepId}
            alwaysExpression
            placeholder="JSONata, e.g. item = 2"
            onCommit={(v) => {
              set((b) => setCondition(b, at.stepId, v));
              onClose();
            }}
          />
          <span className="muted">Enter to keep · Escape to cancel</span>
        </>
      ) : (
        <>
          <button
            type="button"
            role="menuitem"
            onClick={act(() => set((b) => toggleBreakpoint(b, at.stepId)))}
          >
            {bp ? 'Remove breakpoint' : 'Add breakpoint'} <span className="muted">F9</span>
          </button>
          <button type="button" role="menuitem" onClick={() => setEditing(true)}>
            {bp?.condition ? 'Edit condition…' : 'Add conditional breakpoint…'}
          </button>
          {bp && (
            <button
              type="button"
              role="menuitem"
              onClick={act(() => set((b) => setBreakpointEnabled(b, at.stepId, !bp.enabled)))}
            >
              {bp.enabled ? 'Disable breakpoint' : 'Enable breakpoint'}
            </button>
          )}
        </>
      )}
    </div>
  );
}
