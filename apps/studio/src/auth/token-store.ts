/** The API token the studio signs in with, kept in localStorage (per origin). */
const KEY = 'weft.studio.token';

export function loadToken(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token === null) localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, token);
  } catch {
    // Storage may be off (private mode): the token then lives for this page only.
  }
}
