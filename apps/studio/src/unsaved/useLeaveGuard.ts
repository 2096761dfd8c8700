/**
 * Asks before unsaved edits are lost. Closing or reloading the tab gets the browser's own question
 * (`beforeunload`); leaving by a link, the brand, or the back button (a hash change) is held back and
 * `pending` names where the person wanted to go, until they choose `stay()` or `leave()`.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { setLeaveGuard } from '../app/router';

export interface LeaveGuard {
  /** The URL the person tried to open while there were unsaved changes; null when not asking. */
  pending: string | null;
  stay: () => void;
  leave: () => void;
}

/** `isDirty` is asked at the moment of leaving, so a save just before a navigation counts. */
export function useLeaveGuard(isDirty: () => boolean): LeaveGuard {
  const [pending, setPending] = useState<string | null>(null);
  const allow = useRef(false);
  const dirty = useRef(isDirty);
  dirty.current = isDirty;

  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!dirty.current()) return;
      e.preventDefault();
      // Older browsers show the question only when returnValue is set.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    setLeaveGuard((e) => {
      if (allow.current || !dirty.current()) return true;
      setPending(e.newURL);
      return false;
    });
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      setLeaveGuard(null);
    };
  }, []);

  const stay = useCallback(() => setPending(null), []);
  const leave = useCallback(() => {
    if (pending === null) return;
    allow.current = true;
    setPending(null);
    window.location.href = pending;
  }, [pending]);
  return { pending, stay, leave };
}
