/** The retention policy and the last prune in words (the settings page; pure). */
import { formatMs } from '../../ops/format';
import type { RetentionStatus } from '../../api/router-types';

const UNITS: readonly [number, string][] = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
];

/** `30 days`, `12 hours`, `90 minutes`; what does not divide evenly as `formatMs` writes it. */
export function formatSpan(ms: number): string {
  for (const [size, name] of UNITS)
    if (ms >= size && ms % size === 0) return `${ms / size} ${name}${ms === size ? '' : 's'}`;
  return formatMs(ms);
}

/** What the job keeps, in one sentence. */
export function policyText(s: RetentionStatus): string {
  if (!s.enabled) return 'Off: runs and their events are kept until pruned by hand.';
  const rules: string[] = [];
  if (s.maxAgeMs !== null) rules.push(`ended runs that finished more than ${formatSpan(s.maxAgeMs)} ago`);
  if (s.keepPerWorkflow !== null)
    rules.push(`ended runs beyond the newest ${s.keepPerWorkflow.toLocaleString('en-US')} of each workflow`);
  return `On: prunes ${rules.join(', and ')}${s.intervalMs !== null ? `, every ${formatSpan(s.intervalMs)}` : ''}.`;
}

/** The last prune in words, or that there was none. */
export function lastPruneText(last: RetentionStatus['last']): string {
  if (!last) return 'No prune yet.';
  const by = last.source === 'job' ? 'the retention job' : 'hand';
  if (last.error) return `Failed (by ${by}): ${last.error}`;
  const runs = `${last.runs.toLocaleString('en-US')} ${last.runs === 1 ? 'run' : 'runs'}`;
  const events = `${last.events.toLocaleString('en-US')} ${last.events === 1 ? 'event' : 'events'}`;
  return `By ${by}: deleted ${runs} and ${events} in ${formatMs(last.tookMs)}.`;
}
