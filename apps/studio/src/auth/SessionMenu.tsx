/** Who is signed in, and "Sign out" — shown only when the server has auth on. */
import { useSession } from './session';

export function SessionMenu() {
  const { session, signOut } = useSession();
  if (!session.authEnabled) return null;
  return (
    <span className="session">
      <span
        className="muted"
        title={`Signed in as ${session.name ?? 'unknown'} (${session.role ?? 'no role'})`}
      >
        {session.name} · {session.role}
      </span>
      <button type="button" onClick={signOut}>
        Sign out
      </button>
    </span>
  );
}
