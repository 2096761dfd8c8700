/** Secrets: their names (values are write-only), add or replace a value, delete with confirmation. */
import { useState, type FormEvent } from 'react';
import { useDeleteSecret, useSetSecret } from '../api/calls';
import { errorText } from '../api/hooks';
import { useSecrets } from '../api/queries';
import { href } from '../app/router';
import { useDenied } from '../auth/session';
import { SessionMenu } from '../auth/SessionMenu';
import { clearReturnTo, readReturnTo } from '../checklist/return-to';
import { Dialog, DialogFooter } from './editor/Dialog';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function SecretsPage() {
  const list = useSecrets();
  const setSecret = useSetSecret();
  const deleteSecret = useDeleteSecret();
  const denied = useDenied('admin');
  // Sent here by a workflow's checklist: its secret's name filled in, and a way back.
  const [returnTo] = useState(readReturnTo);
  const [name, setName] = useState(returnTo?.secret ?? '');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const exists = (list.data ?? []).some((s) => s.name === name);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    if (!NAME.test(name))
      return setError(
        'A secret name is letters, digits and _, not starting with a digit (e.g. GITHUB_TOKEN).',
      );
    if (value === '') return setError(`Enter a value for ${name}.`);
    try {
      await setSecret(name, value);
      setError(null);
      setDone(`${exists ? 'Replaced' : 'Added'} ${name}.`);
      setName('');
      setValue('');
      list.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };

  const remove = async (secret: string) => {
    setConfirmDelete(null);
    setDone(null);
    try {
      await deleteSecret(secret);
      setError(null);
      setDone(`Deleted ${secret}.`);
      list.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <main className="page" aria-label="Secrets">
      <header className="page-head">
        <a href={href({ page: 'workflows' })} className="brand">
          Weft
        </a>
        <h1>Secrets</h1>
        <div className="spacer" />
        <a className="button" href={href({ page: 'workflows' })}>
          Workflows
        </a>
        <SessionMenu />
      </header>
      {returnTo && (
        <p>
          <a href={returnTo.hash} onClick={clearReturnTo}>
            ← Back to {returnTo.label}
          </a>
        </p>
      )}
      <p className="muted">
        Steps read a secret as <code>{'${{ secrets.NAME }}'}</code>. Values are encrypted at rest and never
        shown again: you can only replace them.
      </p>
      <form className="secret-form" aria-label="Set a secret" onSubmit={(e) => void save(e)}>
        <label>
          Name
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="GITHUB_TOKEN"
            spellCheck={false}
            autoComplete="off"
          />
        </label>
        <label>
          Value
          <input
            type="password"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            autoComplete="new-password"
          />
        </label>
        <button type="submit" className="primary" disabled={denied !== null} title={denied ?? undefined}>
          {exists ? 'Replace value' : 'Add secret'}
        </button>
      </form>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {done && <p role="status">{done}</p>}
      {list.error && (
        <p className="page-error" role="alert">
          Cannot list the secrets: {list.error}
        </p>
      )}
      <table className="secrets">
        <thead>
          <tr>
            <th>Name</th>
            <th>Updated</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(list.data ?? []).map((s) => (
            <tr key={s.name}>
              <td>
                <code>{s.name}</code>
              </td>
              <td>{new Date(s.updatedAt).toLocaleString()}</td>
              <td className="row-actions">
                <button
                  type="button"
                  onClick={() => setName(s.name)}
                  disabled={denied !== null}
                  title={denied ?? `Set a new value for ${s.name}`}
                >
                  Replace
                </button>
                <button
                  type="button"
                  className="danger"
                  aria-label={`Delete ${s.name}`}
                  onClick={() => setConfirmDelete(s.name)}
                  disabled={denied !== null}
                  title={denied ?? undefined}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
          {list.data?.length === 0 && (
            <tr>
              <td colSpan={3} className="muted">
                No secret yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {confirmDelete && (
        <Dialog title={`Delete secret ${confirmDelete}?`} onClose={() => setConfirmDelete(null)}>
          <p>Steps that read it fail until it is set again.</p>
          <DialogFooter onCancel={() => setConfirmDelete(null)}>
            <button type="button" className="danger" onClick={() => void remove(confirmDelete)}>
              Delete
            </button>
          </DialogFooter>
        </Dialog>
      )}
    </main>
  );
}
