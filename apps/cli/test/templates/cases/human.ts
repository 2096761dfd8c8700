import type { TemplateCase } from '../harness';

export const humanCases: TemplateCase[] = [
  {
    template: 'expense-approval',
    name: 'a small expense is approved automatically',
    path: 'happy',
    inputs: () => ({ amount: 100, requester: 'Ada' }),
    expect: {
      status: 'SUCCESS',
      outputs: { approved: true, by: 'auto' },
      steps: { large: 'SUCCESS', review: 'SKIPPED', decision: 'SUCCESS' },
    },
  },
  {
    template: 'expense-approval',
    name: 'a large expense waits for a person; a local run cannot approve and is cancelled',
    path: 'failure',
    inputs: () => ({ amount: 900, requester: 'Ada' }),
    expect: {
      status: 'CANCELLED',
      steps: { large: 'SUCCESS', review: 'CANCELLED', decision: 'CANCELLED' },
    },
  },
];
