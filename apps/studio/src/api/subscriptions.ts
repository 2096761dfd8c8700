/** Subscription hooks: server events pushed over SSE while a component is mounted. */
import { useEffect, useRef } from 'react';
import { useClient } from './context';
import type { RunEvent } from './router-types';
import { runChannels } from './run-channel';

/**
 * Calls `onEvent` for every event of the run from the first on (a reconnect resumes after the last
 * one seen); stops when `runId` changes or the component unmounts. `runId` null: nothing to watch.
 * A new `scope` (e.g. a new document for the same run) subscribes again from the first event.
 * Every hook watching one run shares one server stream (`run-channel.ts`).
 */
export function useRunEvents(
  runId: string | null,
  onEvent: (e: RunEvent) => void,
  onError: (err: Error) => void,
  scope?: unknown,
): void {
  const client = useClient();
  const handlers = useRef({ onEvent, onError });
  handlers.current = { onEvent, onError };
  useEffect(() => {
    if (!runId) return;
    return runChannels(client).listen(runId, {
      onEvent: (e) => handlers.current.onEvent(e),
      onError: (err) => handlers.current.onError(err),
    });
  }, [client, runId, scope]);
}
