import type { TemplateCase } from '../harness';

export const codeCases: TemplateCase[] = [
  {
    template: 'code-stats',
    name: 'count, mean, median, p95 and max',
    path: 'happy',
    inputs: () => ({ values: [120, 95, 101, 240, 99, 130, 87, 110] }),
    expect: {
      status: 'SUCCESS',
      outputs: { stats: { count: 8, mean: 122.75, median: 105.5, p95: 240, max: 240 } },
      steps: { stats: 'SUCCESS' },
    },
  },
  {
    template: 'code-stats',
    name: 'a value that is not a number fails the step with its message',
    path: 'failure',
    inputs: () => ({ values: [1, 'two', 3] }),
    expect: { status: 'FAILED', steps: { stats: { status: 'FAILED', code: 'BLOCK_ERROR' } } },
  },
  {
    template: 'code-normalize',
    name: 'names, emails and phones are cleaned; a bad row is reported',
    path: 'happy',
    inputs: () => ({
      rows: [
        { name: '  ada LOVELACE ', email: ' Ada@Example.com', phone: '06 12 34 56 78' },
        { name: 'grace hopper', email: 'grace@example.com', phone: '+1 (555) 010-9999' },
        { name: 'nobody', email: 'nope' },
      ],
    }),
    expect: {
      status: 'SUCCESS',
      outputs: {
        clean: [
          { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+33612345678' },
          { name: 'Grace Hopper', email: 'grace@example.com', phone: '+15550109999' },
        ],
        rejected: [{ row: 2, reason: 'bad email "nope"' }],
      },
      steps: { clean: 'SUCCESS' },
    },
  },
  {
    template: 'code-normalize',
    name: 'strict mode fails on a rejected row',
    path: 'failure',
    inputs: () => ({ strict: true, rows: [{ name: 'x', email: 'x@example.com', phone: '123' }] }),
    expect: { status: 'FAILED', steps: { clean: { status: 'FAILED', code: 'BLOCK_ERROR' } } },
  },
];
