import { describe, expect, it } from 'vitest';
import { COLLAPSED_WIDTH, DEFAULT_PANES, fitPanes, LIMITS, PALETTE_WIDTH, readPanes } from './pane-sizes';

describe('stored pane sizes', () => {
  it('reads what was stored, clamped to the limits', () => {
    expect(readPanes(JSON.stringify({ inspectorOpen: false, inspectorWidth: 5000, yamlWidth: 500 }))).toEqual(
      { inspectorOpen: false, yamlOpen: true, inspectorWidth: LIMITS.inspector[1], yamlWidth: 500 },
    );
  });
  it('falls back to the defaults on anything malformed', () => {
    expect(readPanes(null)).toEqual(DEFAULT_PANES);
    expect(readPanes('{not json')).toEqual(DEFAULT_PANES);
    expect(readPanes(JSON.stringify({ inspectorOpen: 'yes', yamlWidth: 'wide' }))).toEqual(DEFAULT_PANES);
  });
});

describe('panes on a narrow window', () => {
  const stored = { ...DEFAULT_PANES };
  it('keep the stored sizes when the canvas has half the window', () => {
    expect(fitPanes(1600, stored)).toEqual({ inspector: 260, yaml: 340 });
  });
  it('shrink, then fold the YAML pane, so the canvas keeps half of a 1024 px window', () => {
    const f = fitPanes(1024, stored);
    expect(f.yaml).toBe('collapsed');
    const side = (v: number | 'collapsed') => (v === 'collapsed' ? COLLAPSED_WIDTH : v);
    expect(1024 - PALETTE_WIDTH - side(f.inspector) - side(f.yaml)).toBeGreaterThanOrEqual(512);
  });
});
