/** The signed-in session, for every page: who is signed in, what their role allows, and sign-out. */
import { createContext, useContext } from 'react';
import type { Role, Session } from '../api/router-types';

export interface SessionState {
  session: Session;
  signOut: () => void;
}

/** Without a provider (unit tests, no server): the local admin of a server without auth. */
const LOCAL: SessionState = {
  session: { authEnabled: false, signedIn: true, name: 'local', role: 'admin' },
  signOut: () => {},
};

export const SessionContext = createContext<SessionState>(LOCAL);

export function useSession(): SessionState {
  return useContext(SessionContext);
}

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

/** Why the session may not do what needs `need`, or null when it may. */
export function deniedReason(session: Session, need: Role): string | null {
  if (!session.authEnabled) return null;
  const role = session.role;
  if (role && RANK[role] >= RANK[need]) return null;
  const who = session.name ? `token “${session.name}”` : 'this token';
  const needs = need === 'admin' ? 'an admin token' : 'an editor or admin token';
  return `Read-only: ${who} has the ${role ?? 'no'} role; this needs ${needs}.`;
}

/** `deniedReason` for the current session. */
export function useDenied(need: Role): string | null {
  return deniedReason(useSession().session, need);
}
