import { describe, expect, it } from 'vitest';
import { checkBlockInput } from './index';
import type { BlockInfo } from './catalog';

describe('checkBlockInput', () => {
  const block = {
    name: 'demo',
    inputs: {
      type: 'object',
      properties: { amount: { type: 'number' } },
      required: ['amount'],
      additionalProperties: false,
    },
  } as unknown as BlockInfo;

  it('passes a fitting input and names each problem otherwise', () => {
    expect(checkBlockInput(block, { amount: 3 })).toEqual([]);
    expect(checkBlockInput(block, {})).toEqual(["the input needs 'amount'"]);
    expect(checkBlockInput(block, { amount: 'x', other: 1 })).toEqual(
      expect.arrayContaining(['amount must be number', "the input has no 'other'"]),
    );
  });
});
