import type { NewRun, RunId } from '@weft/engine';
import { describe, expect, it } from 'vitest';
import { createdEvent, createdEventJson, newRunParams } from './run-store-shared';

const base: NewRun = {
  id: '01a23b25-05f4-77c3-8db5-687c5d26c7b8' as RunId,
  workflowId: 'chain-"1"',
  workflowVersion: 3,
  inputs: { n: 1, nested: { a: [1, 'two', null] } },
  trigger: {
    type: 'webhook',
    body: { n: 1, skipped: undefined, text: 'é ✓ \u2028' },
    headers: { 'content-type': 'application/json' },
    query: {},
    receivedAt: '2026-12-03T09:03:31.828Z',
  },
  createdAt: 1796288611828,
};

describe('createdEventJson', () => {
  it.each<[string, NewRun]>([
    ['a webhook run', base],
    ['a run with a lease', { ...base, lease: { owner: 'me', until: 5 } }],
    ['a run without a trigger', { ...base, trigger: undefined } as unknown as NewRun],
    ['a child run', { ...base, parent: { runId: 'p' as RunId, stepId: 's' } }],
    ['a run with an idempotency key and a limit', { ...base, idempotencyKey: 'k', concurrencyLimit: 2 }],
  ])('writes exactly what JSON.stringify of the run.created data writes: %s', (_, run) => {
    const triggerJson = newRunParams(run)[4] as string | null;
    expect(createdEventJson(run, triggerJson)).toBe(JSON.stringify(createdEvent(run).data));
  });
});
