/**
 * Save: stores a new version with a message. A new document (the local editor, or a workflow whose
 * id was changed in the YAML) never replaces a saved workflow: when its id is taken, the dialog asks
 * whether to save under a new id or to open the existing workflow.
 */
import { useState } from 'react';
import { useSaveWorkflow } from '../../api/calls';
import { errorText } from '../../api/hooks';
import { navigate } from '../../app/router';
import { useDocumentStore } from '../../document/context';
import { setWorkflowField } from '../../editor/commands/set-workflow-field';
import { Dialog, DialogFooter } from './Dialog';
import { IdTakenDialog } from './IdTakenDialog';

export interface SaveDialogProps {
  /** The saved workflow this editor opened; null for a new document. */
  workflowId: string | null;
  onClose: () => void;
  onSaved: (id: string, version: number, unchanged: boolean) => void;
}

export function SaveDialog({ workflowId, onClose, onSaved }: SaveDialogProps) {
  const saveWorkflow = useSaveWorkflow();
  const store = useDocumentStore();
  const [message, setMessage] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [taken, setTaken] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    setBusy(true);
    setError(null);
    const s = store.getState();
    const text = s.text;
    const create = workflowId === null || s.workflow?.id !== workflowId;
    try {
      const r = await saveWorkflow(text, message.trim() || 'Saved from the studio', { create });
      if (r.taken) {
        setTaken(r.id);
        return;
      }
      store.getState().markSaved(text);
      onSaved(r.id, r.version, r.unchanged);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const saveUnderNewId = (newId: string) => {
    // The DSL's validation (here and on the server) names an id that does not fit.
    const r = setWorkflowField(store, ['id'], newId);
    if (!r.ok) return setError(r.error);
    setTaken(null);
    void save();
  };

  if (taken)
    return (
      <IdTakenDialog
        key={taken}
        taken={taken}
        error={error}
        busy={busy}
        onClose={onClose}
        onSaveUnder={saveUnderNewId}
        onOpenExisting={() => {
          onClose();
          navigate({ page: 'editor', workflowId: taken });
        }}
      />
    );

  return (
    <Dialog title="Save a version" onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label>
          Message
          <input
            autoFocus
            aria-label="Version message"
            value={message}
            onChange={(e) => setMessage(e.target.value)}
            placeholder="What changed?"
          />
        </label>
        <DialogFooter error={error} onCancel={onClose}>
          <button type="submit" className="primary" disabled={busy}>
            Save version
          </button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
