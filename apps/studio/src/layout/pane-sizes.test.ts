import { describe, expect, it } from 'vitest';
import { DEFAULT_PANES, LIMITS, readPanes } from './pane-sizes';

describe('stored pane sizes', () => {
  it('reads what was stored, clamped to the limits', () => {
    expect(readPanes(JSON.stringify({ inspectorOpen: false, inspectorWidth: 5000, yamlWidth: 500 }))).toEqual(
      { inspectorOpen: false, inspectorWidth: LIMITS.inspector[1], yamlWidth: 500 },
    );
  });
  it('falls back to the defaults on anything malformed', () => {
    expect(readPanes(null)).toEqual(DEFAULT_PANES);
    expect(readPanes('{not json')).toEqual(DEFAULT_PANES);
    expect(readPanes(JSON.stringify({ inspectorOpen: 'yes', yamlWidth: 'wide' }))).toEqual(DEFAULT_PANES);
  });
});
