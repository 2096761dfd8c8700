import { describe, expect, it } from 'vitest';
import { toggleOn } from './notify-on';

describe('the notify "on" checkboxes', () => {
  it('adds and removes statuses in a stable order; any stands alone; never empty', () => {
    expect(toggleOn(['failed'], 'success', true)).toEqual(['failed', 'success']);
    expect(toggleOn(['cancelled'], 'failed', true)).toEqual(['failed', 'cancelled']);
    expect(toggleOn(['failed', 'success'], 'failed', false)).toEqual(['success']);
    expect(toggleOn(['failed', 'success'], 'any', true)).toEqual(['any']);
    expect(toggleOn(['any'], 'success', true)).toEqual(['success']);
    expect(toggleOn(['any'], 'any', false)).toEqual(['failed']);
    expect(toggleOn(['failed'], 'failed', false)).toEqual(['failed']);
  });
});
