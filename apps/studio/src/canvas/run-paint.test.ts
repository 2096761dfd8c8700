import { builtinCatalog } from '@weft/dsl';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PlaybackFrame, StepRunView } from '../document/run-slice';
import { createDocumentStore } from '../document/store';
import { createRunPainter, paintStep, type PaintedNode } from './run-paint';
import { loadValidator } from '../document/validator';

// Validated at once, as in the editor once the validator's chunk has loaded.
beforeAll(() => loadValidator());

const YAML = `apiVersion: weft/v1
kind: Workflow
id: p
steps:
  - id: a
    uses: transform
    with: { expression: "1" }
  - id: b
    uses: transform
    needs: [a]
    with: { expression: "2" }
`;

/** A node element as painting sees it. */
const node = (label?: string): PaintedNode => ({
  dataset: label === undefined ? {} : { label },
  title: '',
});

const frame = (steps: Record<string, StepRunView>): PlaybackFrame => ({
  seq: 1,
  index: 0,
  at: 0,
  status: 'RUNNING',
  steps,
  records: {},
});

describe('run state painted on the nodes', () => {
  it('writes status and attempts, and a far box says its status in its tooltip', () => {
    const near = node();
    paintStep(near, { status: 'FAILED', attempts: 3 });
    expect(near.dataset).toEqual({ status: 'FAILED', attempts: '3' });
    expect(near.title).toBe('');
    const far = node('Fetch (a)');
    paintStep(far, { status: 'RUNNING', attempts: 1 });
    expect(far.title).toBe('Fetch (a): RUNNING');
    paintStep(far, undefined);
    expect(far.dataset.status).toBe('');
    expect(far.dataset.attempts).toBe('');
    expect(far.title).toBe('Fetch (a)');
  });

  it('paints a node when it is drawn, then as the live state and playback frames change', () => {
    const store = createDocumentStore(YAML, builtinCatalog());
    store.getState().watchRun('r1', 'RUNNING');
    store.getState().setStepRun('a', { status: 'SUCCESS', attempts: 1 });
    const painter = createRunPainter(store);
    const stop = painter.start();
    const a = node();
    const b = node();
    painter.attach('a', a);
    const detachB = painter.attach('b', b);
    expect(a.dataset.status).toBe('SUCCESS');
    expect(b.dataset.status).toBe('');

    store.getState().setStepRun('b', { status: 'RUNNING', attempts: 2 });
    expect(b.dataset).toEqual({ status: 'RUNNING', attempts: '2' });

    // Scrubbing back: the frame wins over the live state; following again: the live state is back.
    store.getState().setPlayback(frame({ a: { status: 'RUNNING', attempts: 1 } }));
    expect(a.dataset.status).toBe('RUNNING');
    expect(b.dataset.status).toBe('');
    store.getState().setPlayback(null);
    expect(a.dataset.status).toBe('SUCCESS');
    expect(b.dataset.status).toBe('RUNNING');

    // A node no longer drawn is left alone; a stopped painter paints nothing.
    detachB();
    store.getState().setStepRun('b', { status: 'FAILED', attempts: 2 });
    expect(b.dataset.status).toBe('RUNNING');
    stop();
    store.getState().setStepRun('a', { status: 'FAILED', attempts: 1 });
    expect(a.dataset.status).toBe('SUCCESS');
  });

  it('writes only what changed, never reading the state back, and paints other elements with their own paint', () => {
    const store = createDocumentStore(YAML, builtinCatalog());
    store.getState().watchRun('r1', 'RUNNING');
    const writes: string[] = [];
    const counted: PaintedNode = {
      dataset: new Proxy({} as DOMStringMap, {
        set: (t, k, v: string) => {
          writes.push(`${String(k)}=${v}`);
          return Reflect.set(t, k, v);
        },
      }),
      title: '',
    };
    const painter = createRunPainter(store);
    const stop = painter.start();
    painter.attach('a', counted);
    expect(painter.element('a')).toBe(counted);
    expect(writes).toEqual(['status=', 'attempts=']);
    writes.length = 0;
    store.getState().setStepRun('a', { status: 'RUNNING', attempts: 1, durationMs: 5 });
    store.getState().setStepRun('a', { status: 'RUNNING', attempts: 1, durationMs: 9 });
    store.getState().setStepRun('a', { status: 'RUNNING', attempts: 2, durationMs: 9 });
    expect(writes).toEqual(['status=RUNNING', 'attempts=1', 'attempts=2']);
    stop();

    // A painter of rows: its own paint, told what it painted before.
    const seen: string[] = [];
    const rows = createRunPainter<string[]>(store, (el, view, was) =>
      el.push(`${was === null ? 'first' : (was?.status ?? 'none')}→${view?.status ?? 'none'}`),
    );
    const stopRows = rows.start();
    rows.attach('a', seen);
    rows.attach('b', seen);
    store.getState().setPlayback(frame({ b: { status: 'SUCCESS', attempts: 1 } }));
    expect(seen).toEqual(['first→RUNNING', 'first→none', 'RUNNING→none', 'none→SUCCESS']);
    stopRows();
  });
});
