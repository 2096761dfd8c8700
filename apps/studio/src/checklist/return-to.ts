/**
 * Where the secrets page sends the person back to after the checklist sent them there (one tab's
 * sessionStorage, so two tabs do not mix their ways back).
 */
const KEY = 'weft.studio.returnTo';

export interface ReturnTo {
  hash: string;
  label: string;
  /** The secret the checklist asked for: the secrets page fills its name in. */
  secret?: string;
}

export function setReturnTo(to: ReturnTo): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(to));
  } catch {
    // storage off: the person uses the browser's Back button
  }
}

export function readReturnTo(): ReturnTo | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    const v: unknown = raw ? JSON.parse(raw) : null;
    if (v && typeof v === 'object' && 'hash' in v && 'label' in v) {
      const { hash, label, secret } = v as { hash: unknown; label: unknown; secret?: unknown };
      if (typeof hash === 'string' && hash.startsWith('#/') && typeof label === 'string')
        return { hash, label, ...(typeof secret === 'string' ? { secret } : {}) };
    }
  } catch {
    // unreadable: no way back offered
  }
  return null;
}

export function clearReturnTo(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing to clear
  }
}
