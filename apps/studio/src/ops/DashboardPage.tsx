/**
 * The operator's overview (`#/dashboard?range=7d`): runs per hour by status, success rate, p50/p95
 * per workflow, failing workflows with their last error, what runs and waits now, queue depth and
 * database size. Polls `dashboard.summary` (aggregated in SQL on the server) every few seconds.
 */
import { useMemo } from 'react';
import { useOpsCalls } from '../api/ops-calls';
import type { DashboardRange, DashboardSummary } from '../api/router-types';
import { href, navigate } from '../app/router';
import { PageNav } from '../app/PageNav';
import { runsChartData } from './chart-data';
import { formatAgo, formatBytes, formatMs, formatRate } from './format';
import { RunsChart } from './RunsChart';
import { usePoll } from './usePoll';
import './ops.css';

const POLL_MS = 5000;

function Stat({
  label,
  value,
  testId,
  link,
}: {
  label: string;
  value: string;
  testId: string;
  link?: string;
}) {
  return (
    <div className="stat" role="group" aria-label={label}>
      <span className="stat-label">{label}</span>
      <span className="stat-value" data-testid={testId}>
        {link ? <a href={link}>{value}</a> : value}
      </span>
    </div>
  );
}

/** A runs explorer address (`#/runs?…`) for these filters. */
const explore = (q: Record<string, string>): string =>
  href({ page: 'explorer', query: new URLSearchParams(q).toString() });

function Overview({ d, range }: { d: DashboardSummary; range: DashboardRange }) {
  const chart = useMemo(() => runsChartData(d), [d]);
  const ended = d.ended.success + d.ended.failed + d.ended.cancelled;
  return (
    <>
      <section className="stats" aria-label="Now">
        <Stat label="Success rate" value={formatRate(d.successRate)} testId="success-rate" />
        <Stat label="Ended" value={String(ended)} testId="ended" />
        <Stat
          label="Running now"
          value={String(d.runningNow)}
          testId="running-now"
          link={explore({ status: 'RUNNING' })}
        />
        <Stat
          label="Waiting"
          value={String(d.waitingNow)}
          testId="waiting-now"
          link={explore({ status: 'WAITING' })}
        />
        <Stat label="Approvals waiting" value={String(d.approvalsWaiting)} testId="approvals-waiting" />
        <Stat
          label="Queue depth"
          value={String(d.queueDepth)}
          testId="queue-depth"
          link={explore({ status: 'QUEUED' })}
        />
        <Stat label="Database size" value={formatBytes(d.dbSizeBytes)} testId="db-size" />
      </section>
      <RunsChart data={chart} title={`Runs per ${d.bucketMs >= 86_400_000 ? 'day' : 'hour'} by status`} />
      <div className="ops-columns">
        <section aria-label="Failing workflows">
          <h2>Failing workflows</h2>
          {d.failing.length === 0 ? (
            <p className="muted">No run failed in this window.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Workflow</th>
                  <th>Failed</th>
                  <th>Last failure</th>
                  <th>Last error</th>
                </tr>
              </thead>
              <tbody>
                {d.failing.map((f) => (
                  <tr key={f.workflowId}>
                    <td>
                      <a href={href({ page: 'runs', workflowId: f.workflowId })}>{f.workflowId}</a>
                    </td>
                    <td>
                      <a
                        href={explore({ workflow: f.workflowId, status: 'FAILED', range })}
                        title="These failed runs in the runs explorer"
                      >
                        {f.failed}
                      </a>
                    </td>
                    <td>
                      <a
                        href={href({ page: 'run', runId: f.lastRunId })}
                        title={new Date(f.lastFailedAt).toLocaleString()}
                      >
                        {formatAgo(f.lastFailedAt, d.to)}
                      </a>
                    </td>
                    <td className="error-cell">
                      {f.lastError ? (
                        <>
                          <code>{f.lastError.code}</code> {f.lastError.message}
                        </>
                      ) : (
                        <span className="muted">no error recorded</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section aria-label="Durations">
          <h2>Duration per workflow</h2>
          {d.durations.length === 0 ? (
            <p className="muted">No run ended in this window.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Workflow</th>
                  <th>Runs</th>
                  <th title="Half of the runs took at most this long">p50</th>
                  <th title="95 of 100 runs took at most this long">p95</th>
                </tr>
              </thead>
              <tbody>
                {d.durations.map((r) => (
                  <tr key={r.workflowId}>
                    <td>
                      <a href={href({ page: 'runs', workflowId: r.workflowId })}>{r.workflowId}</a>
                    </td>
                    <td>{r.runs}</td>
                    <td>{formatMs(r.p50Ms)}</td>
                    <td>{formatMs(r.p95Ms)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </>
  );
}

export function DashboardPage({ range }: { range: DashboardRange }) {
  const ops = useOpsCalls();
  const summary = usePoll(() => ops.summary(range), POLL_MS, [range]);
  const d = summary.data;
  return (
    <main className="page ops-page" aria-label="Dashboard">
      <PageNav title="Dashboard" current="dashboard">
        <label className="inline">
          Window{' '}
          <select
            aria-label="Window"
            value={range}
            onChange={(e) => navigate({ page: 'dashboard', range: e.target.value as DashboardRange })}
          >
            <option value="24h">last 24 hours</option>
            <option value="7d">last 7 days</option>
          </select>
        </label>
        <button type="button" onClick={summary.reload}>
          Refresh
        </button>
      </PageNav>
      <p className="muted updated" aria-live="polite">
        {summary.updatedAt
          ? `Updated ${new Date(summary.updatedAt).toLocaleTimeString()} · refreshes every ${POLL_MS / 1000} s`
          : 'Loading…'}
      </p>
      {summary.error && (
        <p className="page-error" role="alert">
          Cannot load the dashboard: {summary.error}
        </p>
      )}
      {d && <Overview d={d} range={range} />}
      <p>
        <a href={explore({ range })}>Every run of this window in the runs explorer →</a>
      </p>
    </main>
  );
}
