/** The dark-mode switch; with auth on, also who is signed in and "Sign out". */
import { useSession } from './session';
import { ThemeToggle } from '../theme/ThemeToggle';

export function SessionMenu() {
  const { session, signOut } = useSession();
  if (!session.authEnabled) return <ThemeToggle />;
  return (
    <span className="session">
      <ThemeToggle />
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
