/** The workflow the crash tests run: transforms, slow blocks and a durable timer. */
import type { Step, Workflow } from '@weft/dsl';

const step = (id: string, uses: string, w: Record<string, unknown>, needs: string[]): Step => ({
  id,
  uses,
  with: w,
  needs: needs.map((s) => ({ step: s })),
  join: 'all',
  onError: 'fail',
});

export const CRASH_WORKFLOW: Workflow = {
  apiVersion: 'weft/v1',
  kind: 'Workflow',
  id: 'crash',
  tags: [],
  enabled: true,
  inputs: {},
  vars: {},
  permissions: { network: [] },
  triggers: [],
  defaults: {},
  failFast: true,
  steps: [
    step('s0', 'transform', { expression: 'inputs.n' }, []),
    step('s1', 'slow@1', { x: '${{ steps.s0.output }}' }, ['s0']),
    step('s2', 'slow@1', { x: '${{ steps.s1.output }}' }, ['s1']),
    step('s3', 'slow@1', { x: '${{ steps.s2.output }}' }, ['s2']),
    step('s4', 'slow@1', { x: '${{ steps.s3.output }}' }, ['s3']),
    step('s5', 'wait', { duration: '300ms' }, ['s4']),
    step('s6', 'transform', { expression: 'steps.s4.output + 1' }, ['s5']),
  ],
  outputs: { result: '${{ steps.s6.output }}' },
  layout: {},
};

/** What a run of CRASH_WORKFLOW with input `n` must output. */
export const expectedResult = (n: number): number => n + 5;
export const STEP_IDS = CRASH_WORKFLOW.steps.map((s) => s.id);
