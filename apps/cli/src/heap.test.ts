import { describe, expect, it } from 'vitest';
import { boundHeapGrowth } from './heap';

describe('boundHeapGrowth', () => {
  it('sets a fixed heap growing factor for weft serve', () => {
    expect(boundHeapGrowth(['--max-semi-space-size=4'], undefined)).toBe(true);
    expect(boundHeapGrowth([], '--max-semi-space-size=4 --enable-source-maps')).toBe(true);
  });

  it("leaves the operator's own factor alone (node flag or NODE_OPTIONS, either spelling)", () => {
    expect(boundHeapGrowth(['--heap-growing-percent=100'], undefined)).toBe(false);
    expect(boundHeapGrowth([], '--max-semi-space-size=4 --heap_growing_percent=25')).toBe(false);
    expect(boundHeapGrowth([], '--heap-growing-percent 80')).toBe(false);
  });
});
