import { describe, expect, it } from 'vitest';
import type { StepRunView } from '../document/run-slice';
import { progressKey, stepToShow } from './step-to-show';

const v = (status: StepRunView['status']): StepRunView => ({ status, attempts: 1 });

describe('the run panel shows', () => {
  const order = ['fetch', 'parse', 'notify'];
  it('the person’s choice first', () => {
    expect(stepToShow(order, { fetch: v('FAILED') }, 'notify')).toBe('notify');
  });
  it('else the failed step, then a waiting or running one, then the last that ran', () => {
    expect(stepToShow(order, { fetch: v('SUCCESS'), parse: v('FAILED') }, undefined)).toBe('parse');
    expect(stepToShow(order, { fetch: v('SUCCESS'), parse: v('WAITING') }, undefined)).toBe('parse');
    expect(stepToShow(order, { fetch: v('SUCCESS'), parse: v('SUCCESS') }, undefined)).toBe('parse');
    expect(stepToShow(order, {}, undefined)).toBe('fetch');
    expect(stepToShow([], {}, undefined)).toBeUndefined();
  });
  it('a progress key that moves with every status or attempt', () => {
    const a = progressKey('RUNNING', { fetch: v('RUNNING') });
    expect(progressKey('RUNNING', { fetch: v('RUNNING') })).toBe(a);
    expect(progressKey('RUNNING', { fetch: v('SUCCESS') })).not.toBe(a);
    expect(progressKey('RUNNING', { fetch: { status: 'RUNNING', attempts: 2 } })).not.toBe(a);
    expect(progressKey('SUCCESS', { fetch: v('RUNNING') })).not.toBe(a);
  });
});
