/**
 * Audit (`#/audit`, admins): every write with who, when, what, the target and from where, newest
 * first; filters by action, actor and time; "Load more" pages on through the cursor; "Export JSON
 * lines" downloads what the filters match, oldest first, as `weft audit --json` prints it. The
 * server keeps only non-secret fields, so no secret value can show here.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { errorText } from '../../api/hooks';
import { PageNav } from '../../app/PageNav';
import { useDenied } from '../../auth/session';
import { downloadText } from '../../editor/download';
import { formatAgo } from '../../ops/format';
import '../../ops/ops.css';
import '../../ops/explorer.css';
import { useAuditCalls } from '../../api/ops-calls';
import type { AuditEntry } from '../../api/router-types';
import {
  auditQuery,
  detailPairs,
  exportFileName,
  exportLines,
  FILTER_MAX,
  KNOWN_ACTIONS,
  NO_FILTERS,
  type AuditFilters,
  type SincePreset,
} from './audit-view';

const PAGE = 50;

function Filters({
  f,
  set,
  children,
}: {
  f: AuditFilters;
  set: (next: AuditFilters) => void;
  /** Page actions shown at the row's end. */
  children: ReactNode;
}) {
  const [draft, setDraft] = useState(f);
  useEffect(() => setDraft(f), [f]);
  return (
    <form
      className="explorer-filters"
      aria-label="Filters"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        set(draft);
      }}
    >
      <div className="filter-row">
        <label className="inline">
          Action{' '}
          <input
            type="search"
            list="audit-actions"
            value={draft.action}
            maxLength={FILTER_MAX}
            placeholder="runs.start or runs."
            onChange={(e) => setDraft({ ...draft, action: e.target.value })}
          />
        </label>
        <datalist id="audit-actions">
          {KNOWN_ACTIONS.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <label className="inline">
          Actor{' '}
          <input
            type="search"
            value={draft.actor}
            maxLength={FILTER_MAX}
            placeholder="token name"
            onChange={(e) => setDraft({ ...draft, actor: e.target.value })}
          />
        </label>
        <label className="inline">
          Since{' '}
          <select
            value={draft.since}
            onChange={(e) => {
              const next = { ...draft, since: e.target.value as SincePreset };
              setDraft(next);
              set(next);
            }}
          >
            <option value="">any time</option>
            <option value="1h">last hour</option>
            <option value="24h">last 24 hours</option>
            <option value="7d">last 7 days</option>
            <option value="30d">last 30 days</option>
          </select>
        </label>
        <button type="submit">Apply</button>
        <button
          type="button"
          onClick={() => set(NO_FILTERS)}
          disabled={f.action === '' && f.actor === '' && f.since === ''}
        >
          Clear
        </button>
        <span className="spacer" />
        {children}
      </div>
    </form>
  );
}

function EntryRow({ e, now }: { e: AuditEntry; now: number }) {
  const at = new Date(e.at);
  return (
    <tr aria-label={`Audit entry ${e.id}`} data-action={e.action}>
      <td>
        <time dateTime={at.toISOString()} title={at.toISOString()}>
          {at.toLocaleString()}
        </time>
        <div className="muted">{formatAgo(e.at, now)}</div>
      </td>
      <td>
        {e.actor}
        {e.role && <div className="muted">{e.role}</div>}
      </td>
      <td>
        <code>{e.action}</code>
        {e.outcome !== 'ok' && (
          <>
            {' '}
            <span className="status-pill status-failed">{e.outcome}</span>
          </>
        )}
      </td>
      <td>{e.target ? <code>{e.target}</code> : <span className="muted">—</span>}</td>
      <td>
        {e.source ?? <span className="muted">—</span>}
        {e.userAgent && (
          <div className="muted audit-agent" title={e.userAgent}>
            {e.userAgent}
          </div>
        )}
      </td>
      <td className="audit-detail">
        {detailPairs(e.detail).map((p) => (
          <div key={p}>{p}</div>
        ))}
      </td>
    </tr>
  );
}

export function AuditPage() {
  const denied = useDenied('admin');
  const auditApi = useAuditCalls();
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [cursor, setCursor] = useState<number | undefined>(undefined);
  const [loadedAt, setLoadedAt] = useState(Date.now());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (denied) return;
    let stale = false;
    const now = Date.now();
    setBusy(true);
    auditApi
      .list({ ...auditQuery(filters, now), limit: PAGE })
      .then(
        (page) => {
          if (stale) return;
          setEntries(page.entries);
          setCursor(page.nextCursor);
          setLoadedAt(now);
          setError(null);
        },
        (err: unknown) => !stale && setError(`Cannot load the audit log: ${errorText(err)}`),
      )
      .finally(() => !stale && setBusy(false));
    return () => {
      stale = true;
    };
  }, [auditApi, filters, denied, tick]);

  const loadMore = useCallback(() => {
    if (cursor === undefined) return;
    setBusy(true);
    auditApi
      .list({ ...auditQuery(filters, loadedAt), limit: PAGE, cursor })
      .then(
        (page) => {
          setEntries((list) => [...(list ?? []), ...page.entries]);
          setCursor(page.nextCursor);
        },
        (err: unknown) => setError(`Cannot load more entries: ${errorText(err)}`),
      )
      .finally(() => setBusy(false));
  }, [auditApi, cursor, filters, loadedAt]);

  const exportAll = async () => {
    setExported(null);
    setError(null);
    try {
      const now = Date.now();
      const { text, count } = await exportLines(auditApi.list, auditQuery(filters, now));
      const name = exportFileName(now);
      downloadText(name, text, 'application/x-ndjson');
      setExported(`Exported ${count} ${count === 1 ? 'entry' : 'entries'} to ${name}.`);
    } catch (err) {
      setError(`Cannot export the audit log: ${errorText(err)}`);
    }
  };

  return (
    <main className="page ops-page" aria-label="Audit log">
      <PageNav title="Audit" current="audit" />
      {denied ? (
        <p className="page-error" role="alert">
          {denied}
        </p>
      ) : (
        <>
          <p className="muted">
            Every write — saves, deletes, runs started, cancelled, approved or retried, secrets, tokens,
            sign-ins and sandbox refusals — with who, when and from where. Secret values are never recorded.
            The export holds every entry the filters match, oldest first (as <code>weft audit --json</code>).
          </p>
          <Filters f={filters} set={setFilters}>
            <button type="button" onClick={() => setTick((t) => t + 1)}>
              Refresh
            </button>
            <button type="button" onClick={() => void exportAll()}>
              Export JSON lines
            </button>
          </Filters>
          {error && (
            <p className="page-error" role="alert">
              {error}
            </p>
          )}
          {exported && (
            <p role="status" className="muted">
              {exported}
            </p>
          )}
          <table className="runs explorer-table audit-table">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>Action</th>
                <th>Target</th>
                <th>From</th>
                <th>Detail</th>
              </tr>
            </thead>
            <tbody>
              {(entries ?? []).map((e) => (
                <EntryRow key={e.id} e={e} now={loadedAt} />
              ))}
              {entries?.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    No audit entries match.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          <nav className="pager" aria-label="Pages">
            <span className="muted" aria-live="polite">
              {entries === null
                ? 'Loading…'
                : `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'} shown${cursor === undefined ? '' : ', more below'}`}
            </span>
            {cursor !== undefined && (
              <button type="button" onClick={loadMore} disabled={busy}>
                Load more
              </button>
            )}
          </nav>
        </>
      )}
    </main>
  );
}
