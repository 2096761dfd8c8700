/**
 * The colour theme: follows the system (`prefers-color-scheme`) until the person picks light or dark
 * with the toggle; the choice is kept in this browser. Applied as `data-theme` on <html>.
 */
import { useSyncExternalStore } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'weft.studio.theme';
const listeners = new Set<() => void>();

function stored(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

let query: MediaQueryList | null | undefined;
const media = (): MediaQueryList | null =>
  (query ??=
    typeof window !== 'undefined' && window.matchMedia
      ? window.matchMedia('(prefers-color-scheme: dark)')
      : null);

/** The theme in effect, kept here: React reads it on every render of every component that uses it. */
let current: 'light' | 'dark' | undefined;

export function resolvedTheme(choice: ThemeChoice = stored()): 'light' | 'dark' {
  if (choice !== 'system') return choice;
  return media()?.matches ? 'dark' : 'light';
}

function apply(): void {
  current = resolvedTheme();
  document.documentElement.dataset.theme = current;
  for (const l of listeners) l();
}

/** Sets `data-theme` now and whenever the system's preference changes. Call once at start. */
export function startTheme(): void {
  apply();
  media()?.addEventListener('change', apply);
}

export function setTheme(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // Storage disabled: the choice lasts for this page.
  }
  apply();
}

const subscribe = (cb: () => void): (() => void) => {
  listeners.add(cb);
  return () => listeners.delete(cb);
};

/** The theme in effect, 'light' or 'dark'. */
export function useTheme(): 'light' | 'dark' {
  return useSyncExternalStore(subscribe, snapshot);
}

const snapshot = (): 'light' | 'dark' => (current ??= resolvedTheme());
