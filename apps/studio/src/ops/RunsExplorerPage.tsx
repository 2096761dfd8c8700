/**
 * The runs explorer (`#/runs?…`): every run across workflows, filtered by workflow, status, trigger,
 * time range and error text (all in the address, all applied in SQL on the server), a page at a
 * time by cursor, refreshed every few seconds, with bulk cancel and retry of the selected runs.
 */
import { useEffect, useMemo, useState } from 'react';
import { useOpsCalls } from '../api/ops-calls';
import { href, navigate } from '../app/router';
import { PageNav } from '../app/PageNav';
import { BulkBar } from './BulkBar';
import {
  RUN_STATUSES,
  TRIGGER_TYPES,
  explorerQuery,
  listInput,
  parseExplorerQuery,
  runDuration,
  triggerLabel,
  type ExplorerFilters,
  type RangePreset,
} from './explorer-query';
import { formatMs } from './format';
import { usePoll } from './usePoll';
import './ops.css';
import './explorer.css';

const PAGE_SIZE = 50;
const POLL_MS = 5000;

/** `2026-12-02T14:05` in local time, for a datetime-local field. */
const localInput = (t: number | undefined): string => {
  if (t === undefined) return '';
  const d = new Date(t - new Date(t).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

function Chips({
  legend,
  options,
  chosen,
  onChange,
}: {
  legend: string;
  options: readonly string[];
  chosen: readonly string[];
  onChange: (next: string[]) => void;
}) {
  return (
    <fieldset className="chips">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o} className={chosen.includes(o) ? 'chip on' : 'chip'}>
          <input
            type="checkbox"
            checked={chosen.includes(o)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, o] : chosen.filter((c) => c !== o))}
          />
          {o.toLowerCase()}
        </label>
      ))}
    </fieldset>
  );
}

function Filters({ f, set }: { f: ExplorerFilters; set: (next: ExplorerFilters) => void }) {
  const ops = useOpsCalls();
  const workflows = usePoll(() => ops.workflows(), 60_000, []);
  const [error, setError] = useState(f.error);
  useEffect(() => setError(f.error), [f.error]);
  const ids = (workflows.data ?? []).map((w) => w.id);
  if (f.workflow && !ids.includes(f.workflow)) ids.unshift(f.workflow);
  return (
    <section className="explorer-filters" aria-label="Filters">
      <div className="filter-row">
        <label className="inline">
          Workflow{' '}
          <select value={f.workflow} onChange={(e) => set({ ...f, workflow: e.target.value })}>
            <option value="">all workflows</option>
            {ids.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          Time{' '}
          <select
            value={f.range}
            onChange={(e) => {
              const range = e.target.value as RangePreset | 'custom' | '';
              const { from: _from, to: _to, ...rest } = f;
              set(
                range === 'custom' ? { ...rest, range, from: Date.now() - 86_400_000 } : { ...rest, range },
              );
            }}
          >
            <option value="">any time</option>
            <option value="1h">last hour</option>
            <option value="24h">last 24 hours</option>
            <option value="7d">last 7 days</option>
            <option value="30d">last 30 days</option>
            <option value="custom">between…</option>
          </select>
        </label>
        {f.range === 'custom' && (
          <>
            <label className="inline">
              From{' '}
              <input
                type="datetime-local"
                value={localInput(f.from)}
                onChange={(e) => {
                  const { from: _from, ...rest } = f;
                  const t = Date.parse(e.target.value);
                  set(Number.isFinite(t) ? { ...rest, from: t } : rest);
                }}
              />
            </label>
            <label className="inline">
              To{' '}
              <input
                type="datetime-local"
                value={localInput(f.to)}
                onChange={(e) => {
                  const { to: _to, ...rest } = f;
                  const t = Date.parse(e.target.value);
                  set(Number.isFinite(t) ? { ...rest, to: t } : rest);
                }}
              />
            </label>
          </>
        )}
        <form
          className="inline error-search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            set({ ...f, error });
          }}
        >
          <label className="inline">
            Error{' '}
            <input
              type="search"
              value={error}
              maxLength={200}
              placeholder="text in the error"
              onChange={(e) => setError(e.target.value)}
              onBlur={() => error !== f.error && set({ ...f, error })}
            />
          </label>
        </form>
        <label className="inline">
          <input
            type="checkbox"
            checked={f.stepTests}
            onChange={(e) => set({ ...f, stepTests: e.target.checked })}
          />
          include step tests
        </label>
        <a href={href({ page: 'explorer', query: '' })}>Clear filters</a>
      </div>
      <Chips
        legend="Status"
        options={RUN_STATUSES}
        chosen={f.status}
        onChange={(status) => set({ ...f, status: status as ExplorerFilters['status'] })}
      />
      <Chips
        legend="Trigger"
        options={TRIGGER_TYPES}
        chosen={f.trigger}
        onChange={(trigger) => set({ ...f, trigger })}
      />
    </section>
  );
}

export function RunsExplorerPage({ query }: { query: string }) {
  const { filters, problems } = useMemo(() => parseExplorerQuery(query), [query]);
  // Cursors of the pages walked so far for these filters; the last one is the page shown
  // (undefined = newest). New filters start again at the newest page.
  const [paging, setPaging] = useState<{ query: string; cursors: (string | undefined)[] }>({
    query,
    cursors: [undefined],
  });
  const cursors = paging.query === query ? paging.cursors : [undefined];
  const setCursors = (next: (c: (string | undefined)[]) => (string | undefined)[]): void =>
    setPaging({ query, cursors: next(cursors) });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => setSelected(new Set()), [query]);
  const cursor = cursors[cursors.length - 1];
  const ops = useOpsCalls();
  const page = usePoll(
    () => ops.listRuns(listInput(filters, { now: Date.now(), limit: PAGE_SIZE, cursor })),
    POLL_MS,
    [query, cursor],
  );
  const runs = page.data?.runs ?? [];
  const now = page.updatedAt ?? Date.now();
  const set = (next: ExplorerFilters): void => navigate({ page: 'explorer', query: explorerQuery(next) });
  const allOnPage = runs.length > 0 && runs.every((r) => selected.has(r.id));
  const toggle = (id: string, on: boolean): void =>
    setSelected((s) => {
      const n = new Set(s);
      if (on) n.add(id);
      else n.delete(id);
      return n;
    });

  return (
    <main className="page ops-page" aria-label="Runs explorer">
      <PageNav title="Runs" current="explorer">
        <button type="button" onClick={page.reload}>
          Refresh
        </button>
      </PageNav>
      <Filters f={filters} set={set} />
      {problems.length > 0 && (
        <ul className="page-error" role="alert" aria-label="Problems in the address">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {page.error && (
        <p className="page-error" role="alert">
          Cannot list the runs: {page.error}
        </p>
      )}
      <BulkBar
        selected={[...selected]}
        statusOf={(id) => runs.find((r) => r.id === id)?.status}
        onDone={() => {
          setSelected(new Set());
          page.reload();
        }}
      />
      <table className="runs explorer-table">
        <thead>
          <tr>
            <th>
              <input
                type="checkbox"
                aria-label="Select every run on this page"
                checked={allOnPage}
                onChange={(e) =>
                  setSelected(e.target.checked ? new Set([...selected, ...runs.map((r) => r.id)]) : new Set())
                }
              />
            </th>
            <th>Run</th>
            <th>Workflow</th>
            <th>Status</th>
            <th>Trigger</th>
            <th>Version</th>
            <th>Started</th>
            <th>Duration</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => {
            const t = triggerLabel(r.trigger);
            const took = runDuration(r, now);
            const started = r.startedAt ?? r.createdAt;
            return (
              <tr key={r.id} aria-selected={selected.has(r.id)}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select run ${r.id}`}
                    checked={selected.has(r.id)}
                    onChange={(e) => toggle(r.id, e.target.checked)}
                  />
                </td>
                <td>
                  <a href={href({ page: 'run', runId: r.id })}>
                    <code>{r.id.slice(0, 13)}…</code>
                  </a>
                </td>
                <td>
                  <a href={href({ page: 'runs', workflowId: r.workflowId })}>{r.workflowId}</a>
                </td>
                <td>
                  <span className={`status-pill status-${r.status.toLowerCase()}`}>{r.status}</span>
                </td>
                <td data-testid="trigger">
                  {t.type}
                  {t.detail && <span className="muted"> {t.detail}</span>}
                </td>
                <td>v{r.workflowVersion}</td>
                <td title={new Date(started).toISOString()}>{new Date(started).toLocaleString()}</td>
                <td>{took === undefined ? '—' : formatMs(took)}</td>
                <td className="error-cell">
                  {r.error && (
                    <>
                      <code>{r.error.code}</code> {r.error.message}
                    </>
                  )}
                </td>
              </tr>
            );
          })}
          {page.data && runs.length === 0 && (
            <tr>
              <td colSpan={9} className="muted">
                No run matches these filters.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <nav className="pager" aria-label="Pages">
        <button
          type="button"
          disabled={cursors.length <= 1}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          ← Newer
        </button>
        <span className="muted">
          Page {cursors.length}
          {page.updatedAt && ` · updated ${new Date(page.updatedAt).toLocaleTimeString()}`}
        </span>
        <button
          type="button"
          disabled={!page.data?.nextCursor}
          onClick={() => page.data?.nextCursor && setCursors((c) => [...c, page.data?.nextCursor])}
        >
          Older →
        </button>
      </nav>
    </main>
  );
}
