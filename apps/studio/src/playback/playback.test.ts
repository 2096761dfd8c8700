import { describe, expect, it } from 'vitest';
import { ReplayCursor, replay, type RunEvent, type RunId } from '@weft/engine/replay';
import {
  eventLabel,
  frameAt,
  indexOfSeq,
  logsUpTo,
  nextFailure,
  playDelay,
  tickKind,
  viewsOf,
} from './playback';
import { buildTimeline } from './timeline';

const runId = 'r1' as RunId;
let seq = 0;
const ev = (
  at: number,
  type: RunEvent['type'],
  stepId?: string,
  data: Record<string, unknown> = {},
): RunEvent => ({
  runId,
  seq: ++seq,
  at,
  type,
  ...(stepId ? { stepId } : {}),
  data,
});

/** a → flaky (fails once, retried) → each (foreach over 3 items, item 1 fails twice then succeeds). */
function log(): RunEvent[] {
  seq = 0;
  return [
    ev(0, 'run.created', undefined, { workflowId: 'w', workflowVersion: 1, inputs: {}, trigger: null }),
    ev(1, 'run.started', undefined, { steps: ['a', 'flaky', 'each'] }),
    ev(2, 'step.started', 'a', { attempt: 1, input: {} }),
    ev(5, 'step.succeeded', 'a', { output: 1, attempts: 1 }),
    ev(6, 'step.started', 'flaky', { attempt: 1 }),
    ev(8, 'step.attempt.failed', 'flaky', {
      attempt: 1,
      error: { code: 'HTTP_ERROR', message: 'x' },
      retryAt: 20,
    }),
    ev(20, 'step.started', 'flaky', { attempt: 2 }),
    ev(25, 'step.succeeded', 'flaky', { output: 2, attempts: 2 }),
    ev(26, 'step.started', 'each', { attempt: 1, items: ['x', 'y', 'z'] }),
    ev(27, 'step.item.finished', 'each', { index: 0, output: 'X', attempts: 1 }),
    ev(28, 'step.attempt.failed', 'each', {
      attempt: 1,
      index: 1,
      error: { code: 'E', message: 'bad y' },
      retryAt: 29,
    }),
    ev(30, 'step.item.finished', 'each', { index: 2, output: 'Z', attempts: 1 }),
    ev(31, 'step.attempt.failed', 'each', {
      attempt: 2,
      index: 1,
      error: { code: 'E', message: 'still bad y' },
    }),
    ev(32, 'step.failed', 'each', { error: { code: 'E', message: 'item 1' } }),
    ev(33, 'run.failed', undefined, { error: { code: 'E', message: 'item 1' } }),
  ];
}

describe('playback', () => {
  it('paints each step as rebuilt at event k (the same state the engine replays)', () => {
    const events = log();
    const cursor = new ReplayCursor(events);
    for (const e of events) {
      const views = viewsOf(cursor.at(e.seq), e.at);
      const expected = replay(events, e.seq);
      for (const [id, s] of Object.entries(expected.steps)) {
        expect(views[id]?.status).toBe(s.status);
        expect(views[id]?.attempts).toBe(s.attempts);
      }
    }
    const mid = viewsOf(cursor.at(6), 20);
    expect(mid.a).toMatchObject({ status: 'SUCCESS', durationMs: 3 });
    expect(mid.flaky).toMatchObject({ status: 'WAITING', waitReason: 'retry', attempts: 1 });
    expect(mid.each?.status).toBe('PENDING');
    // Still running at k: its duration so far.
    expect(viewsOf(cursor.at(5), 7).flaky).toMatchObject({ status: 'RUNNING', durationMs: 1 });
  });

  it('colours ticks by kind and jumps to the next failure, wrapping', () => {
    const events = log();
    expect(tickKind('step.failed')).toBe('failure');
    expect(tickKind('step.succeeded')).toBe('success');
    expect(tickKind('step.waiting')).toBe('wait');
    expect(tickKind('step.log')).toBe('log');
    expect(nextFailure(events, 0)).toBe(5);
    expect(nextFailure(events, 5)).toBe(10);
    expect(nextFailure(events, 14)).toBe(5);
    expect(nextFailure(events.slice(0, 4), 0)).toBe(-1);
  });

  it('builds the frame at an event: views, records as of then, reusing unchanged views and records', () => {
    const events = log();
    events.splice(4, 0, { runId, seq: 0, at: 4, type: 'step.log', stepId: 'a', data: { message: 'hi' } });
    events.forEach((e, i) => (e.seq = i + 1));
    const cursor = new ReplayCursor(events);
    const f7 = frameAt(cursor, 6, null); // seq 7: flaky's attempt 1 failed, waiting to retry
    expect(f7).toMatchObject({ seq: 7, index: 6, at: 8, status: 'RUNNING' });
    expect(f7.steps.flaky).toMatchObject({ status: 'WAITING', attempts: 1, waitReason: 'retry' });
    expect(f7.records.flaky?.error).toEqual({ code: 'HTTP_ERROR', message: 'x' });
    expect(f7.records.a).toEqual({ input: {}, output: 1 });
    const f8 = frameAt(cursor, 7, f7);
    expect(f8.steps.a).toBe(f7.steps.a);
    expect(f8.steps.flaky).not.toBe(f7.steps.flaky);
    expect(f8.records.flaky?.error).toBeUndefined();
    // An unchanged step's record is the previous frame's too (a seek allocates for changes only).
    expect(f8.records.a).toBe(f7.records.a);
    expect(f8.records.flaky).not.toBe(f7.records.flaky);
    // Out of range: the nearest end.
    expect(frameAt(cursor, 999, null).seq).toBe(events.length);
    expect(frameAt(cursor, -4, null).seq).toBe(1);
    expect(logsUpTo(events, 'a', 3)).toEqual([]);
    expect(logsUpTo(events, 'a', 4).map((e) => e.data.message)).toEqual(['hi']);
    expect(indexOfSeq(events, 7)).toBe(6);
    expect(indexOfSeq(events, 0)).toBe(0);
    expect(indexOfSeq(events, 10_000)).toBe(events.length - 1);
    expect(eventLabel(events[6] as RunEvent)).toBe('step.attempt.failed flaky attempt 1 HTTP_ERROR: x');
  });

  it('bounds the play delay', () => {
    expect(playDelay(10_000, 1)).toBe(1000);
    expect(playDelay(0, 20)).toBe(3);
  });
});

describe('timeline', () => {
  it('shows each attempt of a retried step, with the retry wait shaded between', () => {
    const t = buildTimeline(log(), ['a', 'flaky', 'each', 'never']);
    const flaky = t.rows.find((r) => r.stepId === 'flaky');
    expect(flaky?.segments.map((s) => [s.kind, s.attempt, s.from, s.to, s.end])).toEqual([
      ['attempt', 1, 6, 8, 'RETRY'],
      ['wait', undefined, 8, 20, 'RESUMED'],
      ['attempt', 2, 20, 25, 'SUCCESS'],
    ]);
    expect(t.rows.find((r) => r.stepId === 'never')).toEqual({
      stepId: 'never',
      segments: [],
      items: [],
      firstSeq: -1,
    });
    expect([t.start, t.end]).toEqual([0, 33]);
  });

  it('gives a foreach a sub-bar per item', () => {
    const each = buildTimeline(log(), ['each']).rows[0];
    expect(each?.items.map((i) => [i.index, i.status, i.attempts])).toEqual([
      [0, 'SUCCESS', 1],
      [1, 'FAILED', 2],
      [2, 'SUCCESS', 1],
    ]);
  });
});
