/** Save: stores a new version with a message. */
import { useState } from 'react';
import { errorText, useApi } from '../../api/hooks';
import { useDocumentStore } from '../../document/context';
import { Dialog } from './Dialog';

export function SaveDialog({
  onClose,
  onSaved,
}: {
  onClose: () => void;
  onSaved: (id: string, version: number) => void;
}) {
  const api = useApi();
  const store = useDocumentStore();
  const [message, setMessage] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setError(null);
    const text = store.getState().text;
    try {
      const r = await api.saveWorkflow(text, message.trim() || 'Saved from the studio');
      store.getState().markSaved(text);
      onSaved(r.id, r.version);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
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
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Save version
          </button>
        </div>
      </form>
    </Dialog>
  );
}
