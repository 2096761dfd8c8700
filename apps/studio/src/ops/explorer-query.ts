/**
 * The runs explorer's filters and their home in the address (`#/runs?workflow=w&status=FAILED&…`):
 * a link is a view, so every filter lives in the query and a copied address shows the same runs.
 * Pure: the page parses the query, shows the filters, and turns them into a `runs.list` input.
 */

export const RUN_STATUSES = ['QUEUED', 'RUNNING', 'WAITING', 'SUCCESS', 'FAILED', 'CANCELLED'] as const;
export type ExplorerStatus = (typeof RUN_STATUSES)[number];

/** The trigger types a run records (`trigger.type`), in the order the filter offers them. */
export const TRIGGER_TYPES = ['manual', 'api', 'cron', 'interval', 'webhook', 'retry', 'workflow'] as const;

export const RANGES = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
} as const;
export type RangePreset = keyof typeof RANGES;

export interface ExplorerFilters {
  /** One workflow, or '' for all. */
  workflow: string;
  /** Any of these statuses; empty for all. */
  status: ExplorerStatus[];
  /** Any of these trigger types; empty for all. */
  trigger: string[];
  /** A preset window ending now, `custom` (from/to below), or '' for any time. */
  range: RangePreset | 'custom' | '';
  /** With `custom`: epoch ms, inclusive start and exclusive end (either may be absent). */
  from?: number;
  to?: number;
  /** Text in the error code or message. */
  error: string;
  /** Step tests (runs made by "Test step") are hidden unless asked for. */
  stepTests: boolean;
}

export const NO_FILTERS: ExplorerFilters = {
  workflow: '',
  status: [],
  trigger: [],
  range: '',
  error: '',
  stepTests: false,
};

/** What parsing kept, and what it could not read (shown to the person, never silently dropped). */
export interface ParsedQuery {
  filters: ExplorerFilters;
  problems: string[];
}

const list = (v: string | null): string[] =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function parseTime(name: string, v: string | null, problems: string[]): number | undefined {
  if (v === null || v === '') return undefined;
  const t = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (Number.isFinite(t)) return t;
  problems.push(`"${name}" is not a date or time: ${v}`);
  return undefined;
}

export function parseExplorerQuery(query: string): ParsedQuery {
  const q = new URLSearchParams(query);
  const problems: string[] = [];
  const status: ExplorerStatus[] = [];
  for (const s of list(q.get('status'))) {
    const up = s.toUpperCase();
    if ((RUN_STATUSES as readonly string[]).includes(up)) status.push(up as ExplorerStatus);
    else problems.push(`unknown status "${s}" (one of ${RUN_STATUSES.join(', ')})`);
  }
  const trigger: string[] = [];
  for (const t of list(q.get('trigger'))) {
    if (/^[a-z][a-z0-9-]{0,39}$/.test(t)) trigger.push(t);
    else problems.push(`"${t}" is not a trigger type (${TRIGGER_TYPES.join(', ')})`);
  }
  const filters: ExplorerFilters = {
    ...NO_FILTERS,
    workflow: q.get('workflow') ?? '',
    status,
    trigger,
    error: q.get('error') ?? '',
    stepTests: q.get('steptests') === '1',
  };
  const range = q.get('range') ?? '';
  const from = parseTime('from', q.get('from'), problems);
  const to = parseTime('to', q.get('to'), problems);
  if (range in RANGES) filters.range = range as RangePreset;
  else if (range !== '' && range !== 'custom')
    problems.push(`unknown time range "${range}" (1h, 24h, 7d, 30d or custom)`);
  if (from !== undefined || to !== undefined || range === 'custom') {
    filters.range = 'custom';
    if (from !== undefined) filters.from = from;
    if (to !== undefined) filters.to = to;
    if (from !== undefined && to !== undefined && from >= to)
      problems.push('"from" is not before "to": no run can match');
  }
  return { filters, problems };
}

/** The query string for `#/runs?…` (empty when nothing is filtered), in a stable order. */
export function explorerQuery(f: ExplorerFilters): string {
  const q = new URLSearchParams();
  if (f.workflow) q.set('workflow', f.workflow);
  if (f.status.length) q.set('status', f.status.join(','));
  if (f.trigger.length) q.set('trigger', f.trigger.join(','));
  if (f.range === 'custom') {
    if (f.from !== undefined) q.set('from', new Date(f.from).toISOString());
    if (f.to !== undefined) q.set('to', new Date(f.to).toISOString());
    if (f.from === undefined && f.to === undefined) q.set('range', 'custom');
  } else if (f.range) q.set('range', f.range);
  if (f.error) q.set('error', f.error);
  if (f.stepTests) q.set('steptests', '1');
  return q.toString();
}

/** The `runs.list` input for the filters, with a preset window ending at `now`. */
export interface ListInput {
  workflowId?: string;
  status?: ExplorerStatus[];
  trigger?: string[];
  from?: number;
  to?: number;
  errorText?: string;
  kind: 'run' | 'all';
  limit: number;
  cursor?: string;
}

export function listInput(f: ExplorerFilters, o: { now: number; limit: number; cursor?: string }): ListInput {
  const input: ListInput = { kind: f.stepTests ? 'all' : 'run', limit: o.limit };
  if (f.workflow) input.workflowId = f.workflow;
  if (f.status.length) input.status = f.status;
  if (f.trigger.length) input.trigger = f.trigger;
  if (f.range === 'custom') {
    if (f.from !== undefined) input.from = f.from;
    if (f.to !== undefined) input.to = f.to;
  } else if (f.range) input.from = o.now - RANGES[f.range];
  if (f.error.trim()) input.errorText = f.error.trim();
  if (o.cursor !== undefined) input.cursor = o.cursor;
  return input;
}

/** `cron`, `retry of 0193…`, `api · ann`, `webhook` — what started a run, in a few words. */
export function triggerLabel(trigger: unknown): { type: string; detail: string } {
  if (!trigger || typeof trigger !== 'object') return { type: 'unknown', detail: '' };
  const t = trigger as Record<string, unknown>;
  const type = typeof t.type === 'string' ? t.type : 'unknown';
  const str = (k: string): string => (typeof t[k] === 'string' ? (t[k] as string) : '');
  switch (type) {
    case 'retry':
      return {
        type,
        detail: str('runId') ? `of ${str('runId').slice(0, 13)}… from ${str('fromStepId')}` : '',
      };
    case 'api':
      return { type, detail: str('by') };
    case 'manual':
      return { type, detail: str('source') };
    case 'workflow':
      return { type, detail: str('parentRunId') ? `child of ${str('parentRunId').slice(0, 13)}…` : '' };
    default:
      return { type, detail: '' };
  }
}

/** A run's duration so far (running) or in total (ended); undefined before it started. */
export function runDuration(r: { startedAt?: number; finishedAt?: number }, now: number): number | undefined {
  if (r.startedAt === undefined) return undefined;
  return Math.max(0, (r.finishedAt ?? now) - r.startedAt);
}
