import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../api/router-types';
import { clockTime, filterLines, mergeLines, splitMatches, toLogLine, type LogLine } from './log-lines';

const RUN = 'r1' as RunEvent['runId'];
const ev = (seq: number, stepId: string, level: string, message: unknown, at = 1_000 + seq): RunEvent => ({
  runId: RUN,
  seq,
  type: 'step.log',
  stepId,
  at,
  data: { level, message },
});
const line = (e: RunEvent): LogLine => toLogLine(e) as LogLine;

describe('log lines', () => {
  it('turns step.log events into lines that keep their own time, and ignores other events', () => {
    expect(toLogLine(ev(3, 'fetch', 'warn', 'slow', 1_700_000_000_123))).toEqual({
      seq: 3,
      at: 1_700_000_000_123,
      stepId: 'fetch',
      level: 'warn',
      message: 'slow',
    });
    expect(
      toLogLine({ runId: RUN, seq: 4, type: 'step.started', stepId: 'a', at: 1, data: {} }),
    ).toBeUndefined();
    expect(
      toLogLine({ ...ev(5, 'a', 'loud', { x: 1 }), data: { level: 'loud', message: { x: 1 }, index: 2 } }),
    ).toMatchObject({ level: 'info', message: '{"x":1}', index: 2 });
  });

  it('merges stored and streamed lines once each, in order', () => {
    const a = [1, 2, 3].map((s) => line(ev(s, 'a', 'info', `m${s}`)));
    const b = [3, 4].map((s) => line(ev(s, 'a', 'info', `m${s}`)));
    expect(mergeLines(a, b).map((l) => l.seq)).toEqual([1, 2, 3, 4]);
    expect(mergeLines(a, [line(ev(5, 'a', 'info', 'x'))]).map((l) => l.seq)).toEqual([1, 2, 3, 5]);
    expect(mergeLines(b, a).map((l) => l.seq)).toEqual([1, 2, 3, 4]);
    expect(mergeLines(a, [])).toBe(a);
  });

  it('filters by lowest level, step and text (case-insensitive)', () => {
    const lines = [
      line(ev(1, 'a', 'debug', 'connecting to db')),
      line(ev(2, 'a', 'info', 'Connected')),
      line(ev(3, 'b', 'warn', 'retrying CONNECT')),
      line(ev(4, 'b', 'error', 'gave up')),
    ];
    const seqs = (f: Parameters<typeof filterLines>[1]) => filterLines(lines, f).map((l) => l.seq);
    expect(seqs({ minLevel: 'debug', search: '' })).toEqual([1, 2, 3, 4]);
    expect(seqs({ minLevel: 'warn', search: '' })).toEqual([3, 4]);
    expect(seqs({ minLevel: 'debug', search: 'connect' })).toEqual([1, 2, 3]);
    expect(seqs({ minLevel: 'info', search: ' connect ' })).toEqual([2, 3]);
    expect(seqs({ minLevel: 'debug', search: '', stepId: 'b' })).toEqual([3, 4]);
    expect(seqs({ minLevel: 'error', search: 'connect' })).toEqual([]);
  });

  it('cuts a message around its matches for highlighting', () => {
    expect(splitMatches('Retry retry RETRY', 'retry')).toEqual([
      { text: 'Retry', match: true },
      { text: ' ', match: false },
      { text: 'retry', match: true },
      { text: ' ', match: false },
      { text: 'RETRY', match: true },
    ]);
    expect(splitMatches('no match here', 'zzz')).toEqual([{ text: 'no match here', match: false }]);
    expect(splitMatches('abc', '')).toEqual([{ text: 'abc', match: false }]);
  });

  it('writes a line time to the millisecond', () => {
    const at = new Date(2026, 11, 2, 9, 5, 7, 42).getTime();
    expect(clockTime(at)).toBe('09:05:07.042');
  });
});
