import { describe, expect, it } from 'vitest';
import { checkGoal, sameValue, valueAt, type GoalFacts } from './goals';

const doc = {
  id: 'lesson',
  inputs: { name: { type: 'string', default: 'Ada' } },
  steps: [
    { id: 'greet', uses: 'transform', with: { expression: "'Hello ' & inputs.name" } },
    { id: 'check', uses: 'if', needs: ['greet'], with: { condition: '${{ true }}' } },
    { id: 'call', uses: 'http@1', needs: ['check.then'], retry: { attempts: 3 } },
  ],
  outputs: { message: '${{ steps.greet.output }}' },
};
const facts = (over: Partial<GoalFacts> = {}): GoalFacts => ({ doc, run: null, ...over });

describe('checkGoal on the document', () => {
  it('step-exists: by id, by block (with or without a version), or both', () => {
    expect(checkGoal({ kind: 'step-exists', step: 'greet' }, facts())).toBe(true);
    expect(checkGoal({ kind: 'step-exists', uses: 'http' }, facts())).toBe(true);
    expect(checkGoal({ kind: 'step-exists', step: 'greet', uses: 'if' }, facts())).toBe(false);
    expect(checkGoal({ kind: 'step-exists', step: 'shout' }, facts())).toBe(false);
    expect(checkGoal({ kind: 'step-exists', uses: 'foreach' }, facts({ doc: null }))).toBe(false);
  });

  it('edge-exists: any port, or one port exactly', () => {
    expect(checkGoal({ kind: 'edge-exists', from: 'greet', to: 'check' }, facts())).toBe(true);
    expect(checkGoal({ kind: 'edge-exists', from: 'check', to: 'call' }, facts())).toBe(true);
    expect(checkGoal({ kind: 'edge-exists', from: 'check', to: 'call', port: 'then' }, facts())).toBe(true);
    expect(checkGoal({ kind: 'edge-exists', from: 'check', to: 'call', port: 'else' }, facts())).toBe(false);
    expect(checkGoal({ kind: 'edge-exists', from: 'call', to: 'greet' }, facts())).toBe(false);
    expect(checkGoal({ kind: 'edge-exists', from: 'gre', to: 'check' }, facts())).toBe(false);
  });

  it('field-equals: a value, or text matching a pattern', () => {
    expect(checkGoal({ kind: 'field-equals', path: 'steps.call.retry.attempts', equals: 3 }, facts())).toBe(
      true,
    );
    expect(checkGoal({ kind: 'field-equals', path: 'steps.call.retry.attempts', equals: 2 }, facts())).toBe(
      false,
    );
    expect(
      checkGoal(
        { kind: 'field-equals', path: 'outputs.message', matches: 'steps\\.greet\\.output' },
        facts(),
      ),
    ).toBe(true);
    expect(checkGoal({ kind: 'field-equals', path: 'outputs.nothing', matches: '.*' }, facts())).toBe(false);
    expect(checkGoal({ kind: 'field-equals', path: 'outputs.message', matches: '(' }, facts())).toBe(false);
  });
});

describe('checkGoal on the latest run', () => {
  const run = {
    status: 'SUCCESS',
    outputs: { message: 'HELLO ADA', n: [1, 2] },
    steps: { call: { status: 'FAILED', attempts: 3 }, greet: { status: 'SUCCESS', attempts: 1 } },
  };
  it('run-status and step-status (with attempts)', () => {
    expect(checkGoal({ kind: 'run-status', status: 'SUCCESS' }, facts({ run }))).toBe(true);
    expect(checkGoal({ kind: 'run-status', status: 'SUCCESS' }, facts())).toBe(false);
    expect(
      checkGoal({ kind: 'step-status', step: 'call', status: 'FAILED', attempts: 3 }, facts({ run })),
    ).toBe(true);
    expect(
      checkGoal({ kind: 'step-status', step: 'call', status: 'FAILED', attempts: 4 }, facts({ run })),
    ).toBe(false);
    expect(checkGoal({ kind: 'step-status', step: 'nope', status: 'FAILED' }, facts({ run }))).toBe(false);
  });
  it('run-output-equals: the whole outputs or one path, only of a successful run', () => {
    expect(
      checkGoal({ kind: 'run-output-equals', path: 'message', equals: 'HELLO ADA' }, facts({ run })),
    ).toBe(true);
    expect(checkGoal({ kind: 'run-output-equals', path: 'n', equals: [1, 2] }, facts({ run }))).toBe(true);
    expect(
      checkGoal({ kind: 'run-output-equals', equals: { message: 'HELLO ADA', n: [1, 2] } }, facts({ run })),
    ).toBe(true);
    expect(checkGoal({ kind: 'run-output-equals', path: 'message', equals: 'hello' }, facts({ run }))).toBe(
      false,
    );
    const failed = { ...run, status: 'FAILED' };
    expect(
      checkGoal({ kind: 'run-output-equals', path: 'message', equals: 'HELLO ADA' }, facts({ run: failed })),
    ).toBe(false);
  });
});

describe('valueAt and sameValue', () => {
  it('walks objects, lists by id and by index', () => {
    expect(valueAt(doc, 'steps.greet.with.expression')).toBe("'Hello ' & inputs.name");
    expect(valueAt(doc, 'steps.1.id')).toBe('check');
    expect(valueAt(doc, 'steps.greet.missing.deeper')).toBeUndefined();
    expect(valueAt({ a: 1 }, 'toString')).toBeUndefined();
  });
  it('compares plain data structurally', () => {
    expect(sameValue({ a: [1, { b: 'x ' }] }, { a: [1, { b: 'x' }] })).toBe(true);
    expect(sameValue({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameValue([1], [1, 2])).toBe(false);
  });
});
