import { describe, expect, it } from 'vitest';
import type { InputSpec } from './model';
import { resolveRunInputs } from './run-inputs';

const specs: Record<string, InputSpec> = {
  repo: { type: 'string', required: true },
  limit: { type: 'integer', required: false, default: 10 },
  mode: { type: 'string', required: false, enum: ['fast', 'slow'] },
  tags: { type: 'array', required: false },
};

describe('resolveRunInputs', () => {
  it('applies defaults', () => {
    expect(resolveRunInputs(specs, { repo: 'a/b' })).toEqual({ ok: true, value: { repo: 'a/b', limit: 10 } });
  });

  it('names every bad input', () => {
    const r = resolveRunInputs(specs, { limit: 1.5, mode: 'medium', extra: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.map((p) => p.input)).toEqual(['extra', 'repo', 'limit', 'mode']);
    if (!r.ok) expect(r.error[2]!.message).toBe("input 'limit' must be an integer, not 1.5");
  });

  it('reads text values as the declared type when asked to (CLI --input k=v)', () => {
    expect(resolveRunInputs(specs, { repo: 'x', limit: '3', tags: '["a"]' }, { coerce: true })).toEqual({
      ok: true,
      value: { repo: 'x', limit: 3, tags: ['a'] },
    });
    expect(resolveRunInputs(specs, { repo: 'x', limit: 'three' }, { coerce: true }).ok).toBe(false);
  });
});
