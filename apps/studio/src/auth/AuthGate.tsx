/**
 * Asks the server who we are (`auth.whoami`) before anything else. With auth on and no valid token
 * stored, shows the sign-in form; otherwise the pages, with the session in context.
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useWhoami } from '../api/calls';
import { errorText } from '../api/hooks';
import type { Session } from '../api/router-types';
import { SessionContext } from './session';
import { SignInPage } from './SignInPage';
import { loadToken, storeToken } from './token-store';

/** When the server cannot be asked (no server: `#/local`), the pages run as without auth and show their own errors. */
const UNREACHABLE: Session = { authEnabled: false, signedIn: true, name: null, role: 'admin' };

type Gate =
  { state: 'checking' } | { state: 'open'; session: Session } | { state: 'sign-in'; notice: string | null };

export function AuthGate({ children }: { children: ReactNode }) {
  const whoami = useWhoami();
  const [gate, setGate] = useState<Gate>({ state: 'checking' });
  const [check, setCheck] = useState(0);

  useEffect(() => {
    let cancelled = false;
    whoami().then(
      (session) => {
        if (cancelled) return;
        if (!session.authEnabled || session.signedIn) return setGate({ state: 'open', session });
        const had = loadToken() !== null;
        storeToken(null);
        setGate({
          state: 'sign-in',
          notice: had ? 'Your stored token is no longer accepted. Sign in again.' : null,
        });
      },
      (e: unknown) => {
        if (cancelled) return;
        console.warn(`weft studio: cannot ask the server who is signed in (${errorText(e)})`);
        setGate({ state: 'open', session: UNREACHABLE });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [whoami, check]);

  const signOut = useCallback(() => {
    storeToken(null);
    setGate({ state: 'sign-in', notice: 'Signed out.' });
  }, []);
  const value = useMemo(
    () => (gate.state === 'open' ? { session: gate.session, signOut } : null),
    [gate, signOut],
  );

  if (gate.state === 'checking') return <p className="loading">Connecting…</p>;
  if (gate.state === 'sign-in' || !value)
    return (
      <SignInPage
        notice={gate.state === 'sign-in' ? gate.notice : null}
        onSignedIn={(token) => {
          storeToken(token);
          setCheck((n) => n + 1);
        }}
      />
    );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
