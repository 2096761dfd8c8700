/**
 * Settings (`#/admin/settings`, admins): the server's effective retention policy, when the job runs
 * next and what the last prune did. Read-only: the policy is a server setting (weft.yaml
 * `retention:`, `WEFT_RETENTION_*`, `weft serve --retention-*`; docs/operations.md).
 */
import { PageNav } from '../../app/PageNav';
import { href } from '../../app/router';
import { useDenied } from '../../auth/session';
import { formatAgo } from '../../ops/format';
import { usePoll } from '../../ops/usePoll';
import '../../ops/ops.css';
import { lastPruneText, policyText } from './retention-text';
import { useSettingsCalls } from '../../api/ops-calls';
import type { RetentionStatus } from '../../api/router-types';

const POLL_MS = 10_000;

function When({ at, now }: { at: number; now: number }) {
  const d = new Date(at);
  return (
    <time dateTime={d.toISOString()} title={d.toISOString()}>
      {d.toLocaleString()}
      {at <= now ? ` (${formatAgo(at, now)})` : ''}
    </time>
  );
}

function Retention({ s, now }: { s: RetentionStatus; now: number }) {
  return (
    <section aria-labelledby="retention-heading">
      <h2 id="retention-heading">Retention</h2>
      <dl className="settings-list" aria-label="Retention policy">
        <dt>Policy</dt>
        <dd data-testid="retention-policy">{policyText(s)}</dd>
        {s.enabled && (
          <>
            <dt>Next pass</dt>
            <dd>{s.nextRunAt !== null ? <When at={s.nextRunAt} now={now} /> : 'not scheduled'}</dd>
          </>
        )}
        <dt>Last prune</dt>
        <dd data-testid="retention-last">
          {s.last && (
            <>
              <When at={s.last.at} now={now} />
              {' — '}
            </>
          )}
          {lastPruneText(s.last)}
        </dd>
      </dl>
      <p className="muted">
        Queued, running and waiting runs are never pruned. The policy is a server setting (weft.yaml{' '}
        <code>retention:</code> with <code>maxAge</code>, <code>keepPerWorkflow</code>, <code>interval</code>;
        or <code>WEFT_RETENTION_*</code>); prune by hand with <code>weft runs prune --older-than 30d</code>.
        Each prune the job makes is in the <a href={href({ page: 'audit' })}>audit log</a> (
        <code>retention.prune</code>).
      </p>
    </section>
  );
}

export function SettingsPage() {
  const denied = useDenied('admin');
  const settingsApi = useSettingsCalls();
  // A non-admin is told so; the server would refuse the call anyway.
  const status = usePoll(() => (denied ? Promise.resolve(undefined) : settingsApi.retention()), POLL_MS, [
    denied,
  ]);
  const now = status.updatedAt ?? Date.now();
  return (
    <main className="page ops-page" aria-label="Settings">
      <PageNav title="Settings" current="admin-settings" />
      {denied ? (
        <p className="page-error" role="alert">
          {denied}
        </p>
      ) : (
        <>
          {status.error && (
            <p className="page-error" role="alert">
              Cannot load the settings: {status.error}
            </p>
          )}
          {status.data ? <Retention s={status.data} now={now} /> : !status.error && <p>Loading…</p>}
        </>
      )}
    </main>
  );
}
