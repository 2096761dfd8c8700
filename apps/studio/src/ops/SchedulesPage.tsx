/**
 * Schedules (`#/schedules`): every cron and interval trigger across workflows — the schedule in
 * words with its time zone, the next five fire times, the last fire and the run it started — with
 * pause/resume per trigger; and the dead letters of run-end notifications, with redeliver.
 * Polls the server every few seconds.
 */
import { useState } from 'react';
import { errorText } from '../api/hooks';
import { useScheduleCalls } from '../api/ops-calls';
import type { Delivery, ScheduleEntry } from '../api/router-types';
import { PageNav } from '../app/PageNav';
import { href } from '../app/router';
import { formatFireTime } from '../workflow-panel/cron-preview';
import { formatAgo } from './format';
import { usePoll } from './usePoll';
import './ops.css';

const POLL_MS = 3000;

function FireTime({ at, zone, seconds }: { at: number; zone: string; seconds: boolean }) {
  const d = new Date(at);
  return (
    <time dateTime={d.toISOString()} title={d.toISOString()}>
      {formatFireTime(d, zone, undefined, { seconds })}
    </time>
  );
}

/** Seconds matter when the schedule fires more often than once a minute. */
const needsSeconds = (fires: readonly number[]): boolean =>
  fires.some((at, i) => i > 0 && at - (fires[i - 1] as number) < 60_000) ||
  fires.some((at) => at % 60_000 !== 0);

function TriggerRow({
  t,
  now,
  onChanged,
  onError,
}: {
  t: ScheduleEntry;
  now: number;
  onChanged: () => void;
  onError: (message: string | null) => void;
}) {
  const calls = useScheduleCalls();
  const [busy, setBusy] = useState(false);
  const label = `${t.workflowId} ${t.triggerKey}`;
  const toggle = () => {
    setBusy(true);
    onError(null);
    (t.paused ? calls.resume : calls.pause)(t.workflowId, t.triggerKey)
      .then(onChanged, (err: unknown) =>
        onError(`Cannot ${t.paused ? 'resume' : 'pause'} ${label}: ${errorText(err)}`),
      )
      .finally(() => setBusy(false));
  };
  const seconds = needsSeconds(t.nextFires);
  const state = t.paused ? 'Paused' : t.workflowEnabled ? 'Active' : 'Workflow disabled';
  return (
    <tr aria-label={label} data-paused={t.paused ? 'true' : 'false'}>
      <td>
        <a href={href({ page: 'editor', workflowId: t.workflowId })}>{t.workflowName || t.workflowId}</a>
        <div className="muted">
          <code>{t.triggerKey}</code>
        </div>
      </td>
      <td>
        <div>{t.description}</div>
        <code className="muted">{t.type === 'cron' ? t.expression : `interval: ${t.expression}`}</code>
      </td>
      <td>
        {t.timezone}
        {t.serverZone && <div className="muted">server zone</div>}
      </td>
      <td>
        {t.problem ? (
          <span className="field-error">{t.problem}</span>
        ) : t.nextFires.length === 0 ? (
          <span className="muted">none (workflow disabled)</span>
        ) : (
          <ol className={`next-fires${t.paused ? ' paused' : ''}`} aria-label={`Next fires of ${label}`}>
            {t.nextFires.map((at) => (
              <li key={at}>
                <FireTime at={at} zone={t.timezone} seconds={seconds} />
              </li>
            ))}
          </ol>
        )}
        {t.paused && t.nextFires.length > 0 && <div className="muted">skipped while paused</div>}
      </td>
      <td>
        {t.lastFireAt === undefined ? (
          <span className="muted">never</span>
        ) : (
          <>
            <FireTime at={t.lastFireAt} zone={t.timezone} seconds={seconds} />
            <div>
              {t.lastRunId ? (
                <a href={href({ page: 'run', runId: t.lastRunId })} aria-label={`Last run of ${label}`}>
                  {t.lastRunStatus ? t.lastRunStatus.toLowerCase() : 'run'} · {formatAgo(t.lastFireAt, now)}
                </a>
              ) : (
                <span className="muted">{formatAgo(t.lastFireAt, now)}</span>
              )}
            </div>
          </>
        )}
      </td>
      <td>
        <span className={`trigger-state ${t.paused ? 'paused' : 'active'}`} data-testid="trigger-state">
          {state}
        </span>
        {t.paused && t.pausedAt !== undefined && (
          <div className="muted" title={new Date(t.pausedAt).toISOString()}>
            {t.pausedBy ? `by ${t.pausedBy}, ` : ''}
            {formatAgo(t.pausedAt, now)}
          </div>
        )}
      </td>
      <td>
        <button
          type="button"
          onClick={toggle}
          disabled={busy}
          aria-label={`${t.paused ? 'Resume' : 'Pause'} ${label}`}
        >
          {t.paused ? 'Resume' : 'Pause'}
        </button>
      </td>
    </tr>
  );
}

function DeadLetters({
  list,
  now,
  onChanged,
  onError,
}: {
  list: Delivery[];
  now: number;
  onChanged: () => void;
  onError: (message: string | null) => void;
}) {
  const calls = useScheduleCalls();
  const [busy, setBusy] = useState<string | null>(null);
  const redeliver = (d: Delivery) => {
    setBusy(d.id);
    onError(null);
    calls
      .redeliver(d.id)
      .then(onChanged, (err: unknown) => onError(`Cannot redeliver ${d.id}: ${errorText(err)}`))
      .finally(() => setBusy(null));
  };
  return (
    <section aria-label="Dead letters" className="dead-letters">
      <h2>Dead letters</h2>
      <p className="muted">
        Run-end notifications that kept failing (or whose host the network policy refuses). Redeliver sends
        one again with fresh attempts.
      </p>
      {list.length === 0 ? (
        <p className="muted" data-testid="no-dead-letters">
          No dead letters.
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Run</th>
              <th>URL</th>
              <th>Attempts</th>
              <th>Last error</th>
              <th>Notice</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((d) => (
              <tr key={d.id} aria-label={`Dead letter ${d.id}`}>
                <td>
                  <a href={href({ page: 'run', runId: d.runId })}>{d.workflowId}</a>{' '}
                  <span className="muted">{d.runStatus.toLowerCase()}</span>
                  <div className="muted" title={new Date(d.updatedAt).toISOString()}>
                    {formatAgo(d.updatedAt, now)}
                  </div>
                </td>
                <td className="url-cell">
                  <code>{d.url}</code>
                  {d.signed && <div className="muted">signed</div>}
                </td>
                <td>{d.attempts}</td>
                <td className="error-cell">{d.lastError ?? <span className="muted">none</span>}</td>
                <td>
                  <details>
                    <summary>JSON</summary>
                    <pre className="notice-json">{JSON.stringify(d.payload, null, 2)}</pre>
                  </details>
                </td>
                <td>
                  <button
                    type="button"
                    disabled={busy === d.id}
                    onClick={() => redeliver(d)}
                    aria-label={`Redeliver ${d.id}`}
                  >
                    Redeliver
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function SchedulesPage() {
  const calls = useScheduleCalls();
  const triggers = usePoll(() => calls.list(), POLL_MS, []);
  const dead = usePoll(() => calls.deadLetters(), POLL_MS, []);
  const [actionError, setActionError] = useState<string | null>(null);
  const now = triggers.updatedAt ?? Date.now();
  const reload = () => {
    triggers.reload();
    dead.reload();
  };
  return (
    <main className="page ops-page" aria-label="Schedules">
      <PageNav title="Schedules" current="schedules">
        <button type="button" onClick={reload}>
          Refresh
        </button>
      </PageNav>
      <p className="muted updated" aria-live="polite">
        {triggers.updatedAt
          ? `Updated ${new Date(triggers.updatedAt).toLocaleTimeString()} · refreshes every ${POLL_MS / 1000} s`
          : 'Loading…'}
      </p>
      {(triggers.error || dead.error || actionError) && (
        <p className="page-error" role="alert">
          {actionError ?? `Cannot load the schedules: ${triggers.error ?? dead.error}`}
        </p>
      )}
      <section aria-label="Triggers">
        {triggers.data && triggers.data.length === 0 ? (
          <p className="muted">
            No cron or interval triggers. Add one in a workflow's panel (Triggers), e.g.{' '}
            <code>cron: 0 8 * * 1-5</code>.
          </p>
        ) : (
          <table className="schedules">
            <thead>
              <tr>
                <th>Workflow</th>
                <th>Schedule</th>
                <th>Time zone</th>
                <th>Next five fires</th>
                <th>Last fire</th>
                <th>State</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(triggers.data ?? []).map((t) => (
                <TriggerRow
                  key={`${t.workflowId}/${t.triggerKey}`}
                  t={t}
                  now={now}
                  onChanged={reload}
                  onError={setActionError}
                />
              ))}
            </tbody>
          </table>
        )}
      </section>
      {dead.data && <DeadLetters list={dead.data} now={now} onChanged={reload} onError={setActionError} />}
    </main>
  );
}
