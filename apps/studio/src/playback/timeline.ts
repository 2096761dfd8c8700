/**
 * The timeline (Gantt) of a run from its events: a row per step with a segment per attempt, the
 * waits and pauses between them shaded, and a sub-bar per foreach item. Pure.
 */
import { changesStep, type RunEvent } from '@weft/engine/replay';

export type SegmentKind = 'attempt' | 'wait' | 'pause';
export type SegmentEnd = 'SUCCESS' | 'FAILED' | 'RETRY' | 'SKIPPED' | 'CANCELLED' | 'OPEN' | 'RESUMED';

export interface Segment {
  kind: SegmentKind;
  from: number;
  to: number;
  /** attempts: the attempt number. */
  attempt?: number;
  /** How it ended (OPEN: not yet, at the end of the log). */
  end: SegmentEnd;
  /** The seq of the event that opened it (clicking a bar moves the scrubber there). */
  seq: number;
  /** waits: why (`retry`, `wait`, `approval`, `breakpoint`, …). */
  reason?: string;
}

export interface ItemBar {
  index: number;
  from: number;
  to: number;
  status: 'SUCCESS' | 'FAILED' | 'RUNNING';
  attempts: number;
  seq: number;
}

export interface TimelineRow {
  stepId: string;
  segments: Segment[];
  items: ItemBar[];
  /** seq of the step's first event (-1: it never started). */
  firstSeq: number;
}

export interface Timeline {
  start: number;
  end: number;
  rows: TimelineRow[];
}

/** Builds the timeline of `events` for the steps in `order` (steps that never ran get an empty row). */
export function buildTimeline(events: readonly RunEvent[], order: readonly string[]): Timeline {
  const start = events[0]?.at ?? 0;
  const end = Math.max(start + 1, events[events.length - 1]?.at ?? start);
  const rows = new Map<string, TimelineRow>(
    order.map((id) => [id, { stepId: id, segments: [], items: [], firstSeq: -1 }]),
  );
  const open = new Map<string, Segment>();
  const itemStart = new Map<string, number>();
  const itemFailed = new Map<string, Map<number, { at: number; attempts: number; seq: number }>>();
  const close = (id: string, at: number, end: SegmentEnd) => {
    const seg = open.get(id);
    if (!seg) return;
    seg.to = at;
    seg.end = end;
    open.delete(id);
  };
  const begin = (row: TimelineRow, seg: Segment) => {
    row.segments.push(seg);
    open.set(row.stepId, seg);
  };
  for (const e of events) {
    const id = e.stepId;
    if (id === undefined) continue;
    const row = rows.get(id);
    if (!row) continue;
    if (row.firstSeq < 0 && e.type !== 'step.log') row.firstSeq = e.seq;
    const d = e.data;
    const type = e.type;
    if (!changesStep(type)) continue;
    switch (type) {
      case 'step.started':
        close(id, e.at, 'RESUMED');
        begin(row, {
          kind: 'attempt',
          from: e.at,
          to: e.at,
          attempt: Number(d.attempt ?? 1),
          end: 'OPEN',
          seq: e.seq,
        });
        if (Array.isArray(d.items)) itemStart.set(id, e.at);
        break;
      case 'step.resumed': {
        const prev = open.get(id);
        close(id, e.at, 'RESUMED');
        const attempt = [...row.segments].reverse().find((s) => s.kind === 'attempt')?.attempt ?? 1;
        if (prev?.kind !== 'attempt')
          begin(row, { kind: 'attempt', from: e.at, to: e.at, attempt, end: 'OPEN', seq: e.seq });
        break;
      }
      case 'step.waiting': {
        close(id, e.at, 'RESUMED');
        const reason = typeof d.reason === 'string' ? d.reason : 'wait';
        begin(row, {
          kind: reason === 'breakpoint' ? 'pause' : 'wait',
          from: e.at,
          to: e.at,
          end: 'OPEN',
          seq: e.seq,
          reason,
        });
        break;
      }
      case 'step.attempt.failed':
        if (typeof d.index === 'number') {
          const m = itemFailed.get(id) ?? new Map();
          m.set(d.index, { at: e.at, attempts: Number(d.attempt ?? 1), seq: e.seq });
          itemFailed.set(id, m);
          break;
        }
        close(id, e.at, d.retryAt !== undefined ? 'RETRY' : 'FAILED');
        if (d.retryAt !== undefined)
          begin(row, { kind: 'wait', from: e.at, to: e.at, end: 'OPEN', seq: e.seq, reason: 'retry' });
        break;
      case 'step.item.finished': {
        const index = Number(d.index);
        itemFailed.get(id)?.delete(index);
        row.items.push({
          index,
          from: itemStart.get(id) ?? e.at,
          to: e.at,
          status: 'SUCCESS',
          attempts: Number(d.attempts ?? 1),
          seq: e.seq,
        });
        break;
      }
      case 'step.succeeded':
      case 'step.failed':
      case 'step.skipped':
      case 'step.cancelled': {
        const status =
          e.type === 'step.succeeded'
            ? 'SUCCESS'
            : e.type === 'step.failed'
              ? 'FAILED'
              : e.type === 'step.skipped'
                ? 'SKIPPED'
                : 'CANCELLED';
        const seg = open.get(id);
        // A pause or wait that ends the step (skipped at a breakpoint) stays shaded; an attempt ends here.
        close(id, e.at, seg?.kind === 'attempt' ? status : 'RESUMED');
        for (const [index, f] of itemFailed.get(id) ?? [])
          row.items.push({
            index,
            from: itemStart.get(id) ?? f.at,
            to: f.at,
            status: 'FAILED',
            attempts: f.attempts,
            seq: f.seq,
          });
        itemFailed.delete(id);
        break;
      }
      case 'debug.command':
        break;
    }
  }
  for (const [id, seg] of open) {
    seg.to = end;
    const started = itemStart.get(id);
    for (const [index, f] of itemFailed.get(id) ?? [])
      rows.get(id)?.items.push({
        index,
        from: started ?? f.at,
        to: f.at,
        status: 'FAILED',
        attempts: f.attempts,
        seq: f.seq,
      });
  }
  for (const row of rows.values()) row.items.sort((a, b) => a.index - b.index);
  return { start, end, rows: [...rows.values()] };
}
