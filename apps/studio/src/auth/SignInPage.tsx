/** The sign-in form: an API token, checked with the server before it is stored. */
import { useState, type FormEvent } from 'react';
import { whoamiWithToken } from '../api/calls';
import { errorText } from '../api/hooks';

export function SignInPage({
  notice,
  onSignedIn,
}: {
  notice: string | null;
  onSignedIn: (token: string) => void;
}) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const candidate = token.trim();
    if (!candidate) return setError('Enter an API token.');
    setBusy(true);
    setError(null);
    try {
      const who = await whoamiWithToken(candidate);
      if (who.signedIn) onSignedIn(candidate);
      else
        setError(
          'This token is unknown or revoked. Check it, or ask an admin for a new one (weft tokens create).',
        );
    } catch (err) {
      setError(`Cannot reach the server: ${errorText(err)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in" aria-label="Sign in">
      <form className="sign-in-card" onSubmit={(e) => void submit(e)}>
        <h1>
          <span className="brand">Weft</span> · Sign in
        </h1>
        <p className="muted">
          This server requires an API token. The studio keeps it in this browser until you sign out.
        </p>
        {notice && <p role="status">{notice}</p>}
        <label>
          API token
          <input
            type="password"
            autoComplete="current-password"
            autoFocus
            value={token}
            onChange={(e) => setToken(e.target.value)}
            spellCheck={false}
          />
        </label>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
