import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../api/router-types';
import { foreachItems } from './foreach-items';

const ev = (type: RunEvent['type'], data: Record<string, unknown>, stepId = 'each') => ({
  type,
  stepId,
  data,
});

describe('foreachItems', () => {
  it('lists every item with its status, input, output and attempts; failed items first', () => {
    const items = foreachItems(
      [
        ev('step.started', { attempt: 1, items: ['a', 'b', 'c'] }),
        ev('step.item.finished', { index: 0, output: 'A', attempts: 1, input: { v: 'a' } }),
        ev('step.attempt.failed', {
          attempt: 1,
          index: 1,
          retryAt: 5,
          error: { code: 'HTTP_ERROR', message: '503' },
        }),
        ev('step.attempt.failed', {
          attempt: 2,
          index: 1,
          error: { code: 'HTTP_ERROR', message: '500' },
          input: { v: 'b' },
        }),
        ev('step.failed', { error: { code: 'HTTP_ERROR', message: 'item 1: 500' } }),
      ],
      'each',
    );
    expect(items).toEqual([
      {
        index: 1,
        item: 'b',
        status: 'FAILED',
        attempts: 2,
        input: { v: 'b' },
        error: { code: 'HTTP_ERROR', message: '500' },
      },
      { index: 2, item: 'c', status: 'PENDING', attempts: 0 },
      { index: 0, item: 'a', status: 'SUCCESS', attempts: 1, output: 'A', input: { v: 'a' } },
    ]);
  });

  it('an item waiting for its retry is RUNNING; other steps and non-foreach steps are ignored', () => {
    const items = foreachItems(
      [
        ev('step.started', { attempt: 1, items: [1] }, 'other'),
        ev('step.started', { attempt: 1, items: [1, 2] }),
        ev('step.attempt.failed', { attempt: 1, index: 0, retryAt: 9, error: { code: 'X', message: 'x' } }),
      ],
      'each',
    );
    expect(items?.map((i) => [i.index, i.status])).toEqual([
      [0, 'RUNNING'],
      [1, 'PENDING'],
    ]);
    expect(foreachItems([ev('step.started', { attempt: 1, input: {} })], 'each')).toBeUndefined();
  });

  it('a retried run of the step starts its items again', () => {
    const items = foreachItems(
      [
        ev('step.started', { attempt: 1, items: [1] }),
        ev('step.attempt.failed', { attempt: 1, index: 0, error: { code: 'X', message: 'x' } }),
        ev('step.failed', { error: { code: 'X', message: 'item 0: x' } }),
        ev('step.started', { attempt: 1, items: [1, 2] }),
        ev('step.item.finished', { index: 0, output: 10, attempts: 1 }),
        ev('step.item.finished', { index: 1, output: 20, attempts: 1 }),
        ev('step.succeeded', { output: [10, 20] }),
      ],
      'each',
    );
    expect(items?.map((i) => [i.index, i.status, i.output])).toEqual([
      [0, 'SUCCESS', 10],
      [1, 'SUCCESS', 20],
    ]);
  });
});
