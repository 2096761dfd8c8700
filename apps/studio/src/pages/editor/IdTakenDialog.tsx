/**
 * Asked when a new document (a new workflow, an imported file, a changed id) would take the id of a
 * saved workflow: save it under a new id, or open the existing one. Used by Save and by Import YAML.
 */
import { useState } from 'react';
import { Dialog, DialogFooter } from './Dialog';

/** `my-flow` → `my-flow-2`, `my-flow-2` → `my-flow-3`. */
export function nextFreeId(id: string): string {
  const m = /^(.*?)-(\d+)$/.exec(id);
  return m ? `${m[1]}-${Number(m[2]) + 1}` : `${id}-2`;
}

export interface IdTakenDialogProps {
  /** The id that is taken. */
  taken: string;
  error: string | null;
  busy: boolean;
  onClose: () => void;
  onSaveUnder: (newId: string) => void;
  onOpenExisting: () => void;
}

export function IdTakenDialog({
  taken,
  error,
  busy,
  onClose,
  onSaveUnder,
  onOpenExisting,
}: IdTakenDialogProps) {
  const [newId, setNewId] = useState(() => nextFreeId(taken));
  return (
    <Dialog title="This id is taken" onClose={onClose}>
      <p role="alert">
        A workflow with the id <code>{taken}</code> already exists. Saving would not replace it: save this one
        under a new id, or open the existing one.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSaveUnder(newId.trim());
        }}
      >
        <label>
          New id
          <input autoFocus aria-label="New id" value={newId} onChange={(e) => setNewId(e.target.value)} />
        </label>
        <DialogFooter error={error} onCancel={onClose}>
          <button type="button" onClick={onOpenExisting}>
            Open the existing one
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Save under the new id
          </button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
