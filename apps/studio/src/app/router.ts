/**
 * A tiny hash router over the routes of `route.ts`: the current route for React, `navigate()` and
 * the leave guard.
 */
import { useSyncExternalStore } from 'react';
import { href, parseRoute, type Route } from './route';

export { href, parseRoute, type Route };

/** What a leave guard is told: where the person is and where they asked to go. */
export interface LeaveAttempt {
  oldURL: string;
  newURL: string;
}

/** Asked before the route changes (an editor with unsaved changes); false keeps the page. */
export type LeaveGuard = (attempt: LeaveAttempt) => boolean;
let leaveGuard: LeaveGuard | null = null;

/** Sets (or clears, with null) the one guard asked before every route change. */
export function setLeaveGuard(guard: LeaveGuard | null): void {
  leaveGuard = guard;
}

const listeners = new Set<() => void>();
/** Addresses `navigate` has asked the guard about and drawn: their hashchange needs nothing more. */
const drawn = new Set<string>();

function onHashChange(e: HashChangeEvent): void {
  if (drawn.delete(e.newURL)) return;
  // Held back: put the old address back before anything renders the new one.
  if (leaveGuard && !leaveGuard(e)) window.history.replaceState(window.history.state, '', e.oldURL);
  else for (const cb of listeners) cb();
}

/**
 * Goes to `route`. The page follows in the same event, not a task later when the browser's
 * hashchange comes: a control that navigates (a filter's checkbox, say) shows its new state at once
 * instead of snapping back until the address catches up.
 */
export function navigate(route: Route): void {
  const target = href(route);
  if (window.location.hash === target) return;
  const oldURL = window.location.href;
  if (leaveGuard && !leaveGuard({ oldURL, newURL: oldURL.replace(/#.*$/, '') + target })) return;
  window.location.hash = target.slice(1);
  // The same address written another way: no hashchange will come, nothing to draw.
  if (window.location.href === oldURL) return;
  drawn.add(window.location.href);
  for (const cb of listeners) cb();
}

const subscribe = (cb: () => void): (() => void) => {
  if (listeners.size === 0) window.addEventListener('hashchange', onHashChange);
  listeners.add(cb);
  return () => {
    listeners.delete(cb);
    if (listeners.size === 0) window.removeEventListener('hashchange', onHashChange);
  };
};

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
