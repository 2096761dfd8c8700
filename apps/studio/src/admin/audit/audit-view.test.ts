import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditPage, AuditQuery } from '../../api/router-types';
import { auditQuery, detailPairs, exportFileName, exportLine, exportLines, NO_FILTERS } from './audit-view';

const NOW = Date.UTC(2026, 11, 3, 6, 30);
const entry = (id: number): AuditEntry => ({
  id,
  at: NOW - (10 - id) * 1000,
  actor: 'ann',
  role: 'admin',
  action: 'runs.start',
  target: `r${id}`,
  outcome: 'ok',
  source: '127.0.0.1',
  detail: { workflowId: 'w', runId: `r${id}` },
});

describe('audit page', () => {
  it('turns the filters into an audit.list query; blanks are no filter', () => {
    expect(auditQuery(NO_FILTERS, NOW)).toEqual({});
    expect(auditQuery({ action: ' runs. ', actor: 'ci', since: '24h' }, NOW)).toEqual({
      action: 'runs.',
      actor: 'ci',
      since: NOW - 86_400_000,
    });
  });

  it('exports every page oldest first as the JSON lines of `weft audit --json`', async () => {
    const all = [1, 2, 3].map(entry);
    const asked: AuditQuery[] = [];
    const list = async (q: AuditQuery): Promise<AuditPage> => {
      asked.push(q);
      const from = all.filter((e) => q.cursor === undefined || e.id > q.cursor);
      return q.cursor === undefined ? { entries: from.slice(0, 2), nextCursor: 2 } : { entries: from };
    };
    const out = await exportLines(list, { action: 'runs.start' });
    expect(out.count).toBe(3);
    expect(asked).toEqual([
      { action: 'runs.start', order: 'asc', limit: 1000 },
      { action: 'runs.start', order: 'asc', limit: 1000, cursor: 2 },
    ]);
    const lines = out.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.id)).toEqual([1, 2, 3]);
    expect(lines[0]).toEqual({ ...entry(1), time: new Date(entry(1).at).toISOString() });
    expect(exportLine(entry(1)).endsWith('}\n')).toBe(true);
  });

  it('names the export file by time and writes the detail as pairs', () => {
    expect(exportFileName(NOW)).toBe('weft-audit-20261203T063000Z.jsonl');
    expect(detailPairs({ workflowId: 'w', version: 3, enabled: false })).toEqual([
      'workflowId: w',
      'version: 3',
      'enabled: false',
    ]);
  });
});
