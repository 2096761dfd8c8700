/**
 * The watched run's stored details (inputs, outputs, each step's input/output/error), fetched again
 * whenever its live events move a status: outputs and errors show as they happen, not after a reload.
 */
import { useMemo } from 'react';
import type { AsyncState } from '../api/hooks';
import { useRun } from '../api/queries';
import type { RunWithSteps } from '../api/router-types';
import { useDoc } from '../document/context';
import { progressKey } from './step-to-show';

export function useRunDetail(runId: string): AsyncState<RunWithSteps> {
  // The key is built when the live states change, not on every change of the store (a playback
  // seek changes the store too, and the key reads every step).
  const status = useDoc((s) => s.run?.status ?? '');
  const steps = useDoc((s) => s.runSteps);
  const key = useMemo(() => progressKey(status, steps), [status, steps]);
  return useRun(runId, key);
}
