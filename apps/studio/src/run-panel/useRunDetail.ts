/**
 * The watched run's stored details (inputs, outputs, each step's input/output/error), fetched again
 * whenever its live events move a status: outputs and errors show as they happen, not after a reload.
 */
import type { AsyncState } from '../api/hooks';
import { useRun } from '../api/queries';
import type { RunWithSteps } from '../api/router-types';
import { useDoc } from '../document/context';
import { progressKey } from './step-to-show';

export function useRunDetail(runId: string): AsyncState<RunWithSteps> {
  const key = useDoc((s) => progressKey(s.run?.status ?? '', s.runSteps));
  return useRun(runId, key);
}
