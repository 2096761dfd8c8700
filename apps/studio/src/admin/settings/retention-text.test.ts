import { describe, expect, it } from 'vitest';
import { formatSpan, lastPruneText, policyText } from './retention-text';
import type { RetentionStatus } from '../../api/router-types';

const off: RetentionStatus = {
  enabled: false,
  maxAgeMs: null,
  keepPerWorkflow: null,
  intervalMs: null,
  nextRunAt: null,
  last: null,
};

describe('retention in words', () => {
  it('spans in the largest whole unit', () => {
    expect(formatSpan(30 * 86_400_000)).toBe('30 days');
    expect(formatSpan(86_400_000)).toBe('1 day');
    expect(formatSpan(36 * 3_600_000)).toBe('36 hours');
    expect(formatSpan(90 * 60_000)).toBe('90 minutes');
    expect(formatSpan(1500)).toBe('1.5 s');
  });

  it('the policy, off or on with one or both rules', () => {
    expect(policyText(off)).toBe('Off: runs and their events are kept until pruned by hand.');
    expect(
      policyText({
        ...off,
        enabled: true,
        maxAgeMs: 30 * 86_400_000,
        keepPerWorkflow: 1000,
        intervalMs: 3_600_000,
      }),
    ).toBe(
      'On: prunes ended runs that finished more than 30 days ago, and ended runs beyond the newest 1,000 of each workflow, every 1 hour.',
    );
    expect(policyText({ ...off, enabled: true, keepPerWorkflow: 5, intervalMs: 60_000 })).toBe(
      'On: prunes ended runs beyond the newest 5 of each workflow, every 1 minute.',
    );
  });

  it('the last prune: none, done, failed', () => {
    expect(lastPruneText(null)).toBe('No prune yet.');
    expect(lastPruneText({ at: 1, source: 'job', runs: 1, events: 12, tookMs: 40 })).toBe(
      'By the retention job: deleted 1 run and 12 events in 40 ms.',
    );
    expect(
      lastPruneText({ at: 1, source: 'manual', runs: 0, events: 0, tookMs: 1, error: 'disk full' }),
    ).toBe('Failed (by hand): disk full');
  });
});
