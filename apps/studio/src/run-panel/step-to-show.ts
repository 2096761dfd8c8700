/** Which step the run panel shows: the person's choice, else the one that needs attention. */
import type { StepRunView } from '../document/run-slice';

const ATTENTION = ['FAILED', 'WAITING', 'RUNNING'] as const;

/**
 * `selected` when the person picked a step; otherwise the first failed step, then the first waiting
 * or running one, then the last step that ran, in the workflow's order.
 */
export function stepToShow(
  order: readonly string[],
  steps: Readonly<Record<string, StepRunView>>,
  selected: string | undefined,
): string | undefined {
  if (selected) return selected;
  for (const status of ATTENTION) {
    const hit = order.find((id) => steps[id]?.status === status);
    if (hit) return hit;
  }
  return [...order].reverse().find((id) => steps[id] !== undefined) ?? order[0];
}

/** A key that changes whenever a step's status or attempts change: refetch the run's details then. */
export function progressKey(status: string, steps: Readonly<Record<string, StepRunView>>): string {
  const parts = Object.entries(steps).map(([id, v]) => `${id}:${v.status}:${v.attempts}`);
  return `${status}|${parts.sort().join(',')}`;
}
