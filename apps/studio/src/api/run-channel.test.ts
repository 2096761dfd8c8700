import { describe, expect, it } from 'vitest';
import type { RunEvent } from './router-types';
import { RunChannels, type RunListener } from './run-channel';

const ev = (seq: number): RunEvent =>
  ({ seq, type: 'step.started', stepId: 's', at: seq, data: {} }) as RunEvent;

function harness() {
  const streams: { runId: string; sink: RunListener; stopped: boolean }[] = [];
  const channels = new RunChannels((runId, sink) => {
    const s = { runId, sink, stopped: false };
    streams.push(s);
    return () => void (s.stopped = true);
  });
  return { channels, streams };
}

describe('RunChannels', () => {
  it('opens one stream per run for any number of listeners; a late one gets the earlier events first', () => {
    const { channels, streams } = harness();
    const a: number[] = [];
    const b: number[] = [];
    const offA = channels.listen('r1', { onEvent: (e) => a.push(e.seq), onError: () => {} });
    streams[0]?.sink.onEvent(ev(1));
    streams[0]?.sink.onEvent(ev(2));
    const offB = channels.listen('r1', { onEvent: (e) => b.push(e.seq), onError: () => {} });
    streams[0]?.sink.onEvent(ev(3));
    expect(streams).toHaveLength(1);
    expect(a).toEqual([1, 2, 3]);
    expect(b).toEqual([1, 2, 3]);
    offA();
    expect(streams[0]?.stopped).toBe(false);
    offB();
    expect(streams[0]?.stopped).toBe(true);
    expect(channels.size).toBe(0);
  });

  it('gives every listener the stream error, and a run watched again opens a new stream', () => {
    const { channels, streams } = harness();
    const errors: string[] = [];
    const off = channels.listen('r1', { onEvent: () => {}, onError: (e) => errors.push(e.message) });
    channels.listen('r2', { onEvent: () => {}, onError: () => {} });
    streams[0]?.sink.onError(new Error('gone'));
    expect(errors).toEqual(['gone']);
    expect(streams.map((s) => s.runId)).toEqual(['r1', 'r2']);
    off();
    channels.listen('r1', { onEvent: () => {}, onError: () => {} });
    expect(streams.map((s) => s.runId)).toEqual(['r1', 'r2', 'r1']);
    expect(streams[0]?.stopped).toBe(true);
    expect(streams[2]?.stopped).toBe(false);
  });
});
