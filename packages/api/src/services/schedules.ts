/**
 * Schedules: every cron and interval trigger of every workflow, in words, with its time zone, next
 * fire times, last fire and pause state (issue 15 item 4). The trigger key (`cron:0`, `interval:1`)
 * is defined here, once: the server's scheduler and this listing both use `timedTriggers`.
 */
import { Cron } from 'croner';
import cronstrue from 'cronstrue';
import type { Trigger, Workflow } from '@weft/dsl';
import { formatDuration } from '@weft/dsl';
import type { ApiDeps } from '../ports';
import { validateYaml } from './validate';

export type TimedTrigger = Extract<Trigger, { type: 'cron' } | { type: 'interval' }>;

/** The cron and interval triggers of a workflow with their keys: `<type>:<index among timed triggers>`. */
export function timedTriggers(wf: Pick<Workflow, 'triggers'>): { key: string; trigger: TimedTrigger }[] {
  const timed = wf.triggers.filter((t): t is TimedTrigger => t.type === 'cron' || t.type === 'interval');
  return timed.map((trigger, i) => ({ key: `${trigger.type}:${i}`, trigger }));
}

export interface ScheduleEntry {
  workflowId: string;
  workflowName: string;
  /** The workflow is enabled (stored flag and the YAML's `enabled`): a disabled one fires nothing. */
  workflowEnabled: boolean;
  triggerKey: string;
  type: 'cron' | 'interval';
  /** The cron expression, or the interval as written in the DSL's units (`15m`). */
  expression: string;
  intervalMs?: number;
  /** In words: "At 08:00, Monday through Friday", "Every 15m". */
  description: string;
  /** The IANA zone the trigger fires in: its `timezone`, else the server's. */
  timezone: string;
  /** True when the trigger names no `timezone` (it fires in the server's zone). */
  serverZone: boolean;
  paused: boolean;
  pausedAt?: number;
  pausedBy?: string;
  /** The next five fire times (epoch ms); empty when the workflow is disabled or the trigger invalid. */
  nextFires: number[];
  /** The scheduled time of the last tick that fired, and the run it started. */
  lastFireAt?: number;
  lastRunId?: string;
  lastRunStatus?: string;
  /** Why the trigger cannot fire (an invalid expression or zone). */
  problem?: string;
}

/** Optional view of the live scheduler (its armed next tick is exact for intervals). */
export interface ScheduleView {
  nextTick(workflowId: string, triggerKey: string): number | undefined;
}

const NEXT = 5;

export function serverTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function cronFires(t: Extract<TimedTrigger, { type: 'cron' }>, now: number): number[] {
  const job = new Cron(t.cron, { paused: true, ...(t.timezone ? { timezone: t.timezone } : {}) });
  try {
    return job.nextRuns(NEXT, new Date(now)).map((d) => d.getTime());
  } finally {
    job.stop();
  }
}

function intervalFires(every: number, first: number): number[] {
  return Array.from({ length: NEXT }, (_, i) => first + i * every);
}

/** The first interval tick after `now`: the scheduler's, else the phase of the last fired tick. */
function nextInterval(every: number, now: number, armed?: number, lastTick?: number): number {
  if (armed !== undefined && armed > now - every) return armed;
  if (lastTick !== undefined) return lastTick + (Math.floor((now - lastTick) / every) + 1) * every;
  return now + every;
}

export function describeCron(cron: string): string {
  try {
    return cronstrue.toString(cron, { use24HourTimeFormat: true, throwExceptionOnParseError: true });
  } catch {
    return cron;
  }
}

/** Every timed trigger of every workflow (latest versions), ordered by workflow id and key. */
export async function listSchedules(
  deps: ApiDeps,
  opts: { workflowId?: string } = {},
): Promise<ScheduleEntry[]> {
  const { repos } = deps.store;
  const now = deps.now();
  const zone = serverTimeZone();
  const rows = (await repos.workflows.list()).filter(
    (r) => opts.workflowId === undefined || r.id === opts.workflowId,
  );
  const pauses = new Map(
    (await repos.pauses.list(opts.workflowId)).map((p) => [`${p.workflowId}\n${p.triggerKey}`, p]),
  );
  const states = new Map(
    (await repos.triggers.list(opts.workflowId)).map((s) => [`${s.workflowId}\n${s.triggerKey}`, s]),
  );
  const out: ScheduleEntry[] = [];
  for (const row of rows) {
    const latest = await repos.workflows.latestWorkflow(row.id);
    const wf = latest ? validateYaml(latest.yaml, deps.catalog).workflow : undefined;
    if (!wf) continue;
    const enabled = row.enabled && wf.enabled;
    for (const { key, trigger } of timedTriggers(wf)) {
      const id = `${row.id}\n${key}`;
      const pause = pauses.get(id);
      const state = states.get(id);
      const e: ScheduleEntry = {
        workflowId: row.id,
        workflowName: row.name,
        workflowEnabled: enabled,
        triggerKey: key,
        type: trigger.type,
        expression: trigger.type === 'cron' ? trigger.cron : formatDuration(trigger.intervalMs),
        description:
          trigger.type === 'cron'
            ? describeCron(trigger.cron)
            : `Every ${formatDuration(trigger.intervalMs)}`,
        timezone: (trigger.type === 'cron' && trigger.timezone) || zone,
        serverZone: !(trigger.type === 'cron' && trigger.timezone),
        paused: pause !== undefined,
        nextFires: [],
      };
      if (trigger.type === 'interval') e.intervalMs = trigger.intervalMs;
      if (pause) {
        e.pausedAt = pause.pausedAt;
        if (pause.pausedBy !== undefined) e.pausedBy = pause.pausedBy;
      }
      if (state) {
        e.lastFireAt = state.lastTick;
        if (state.lastRunId !== undefined) {
          e.lastRunId = state.lastRunId;
          const run = await repos.runs.get(state.lastRunId as never);
          if (run) e.lastRunStatus = run.run.status;
        }
      }
      try {
        if (enabled)
          e.nextFires =
            trigger.type === 'cron'
              ? cronFires(trigger, now)
              : intervalFires(
                  trigger.intervalMs,
                  nextInterval(
                    trigger.intervalMs,
                    now,
                    deps.schedule?.nextTick(row.id, key),
                    state?.lastTick,
                  ),
                );
      } catch (err) {
        e.problem = `cannot compute fire times: ${err instanceof Error ? err.message : String(err)}`;
      }
      out.push(e);
    }
  }
  return out;
}
