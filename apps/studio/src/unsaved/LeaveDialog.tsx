/** The question asked when the person leaves an editor with unsaved changes. */
import { Dialog } from '../pages/editor/Dialog';
import type { LeaveGuard } from './useLeaveGuard';

export function LeaveDialog({ guard, onSave }: { guard: LeaveGuard; onSave: (() => void) | null }) {
  if (guard.pending === null) return null;
  return (
    <Dialog title="Unsaved changes" onClose={guard.stay}>
      <p>This workflow has changes that are not saved. Leave without saving them?</p>
      <div className="dialog-buttons">
        <button type="button" autoFocus onClick={guard.stay}>
          Stay
        </button>
        {onSave && (
          <button
            type="button"
            onClick={() => {
              guard.stay();
              onSave();
            }}
          >
            Save first
          </button>
        )}
        <button type="button" className="danger" onClick={guard.leave}>
          Leave without saving
        </button>
      </div>
    </Dialog>
  );
}
