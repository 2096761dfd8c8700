import { beforeAll, describe, expect, it } from 'vitest';
import { builtinCatalog } from '@weft/dsl';
import { removeSteps } from '../editor/commands/remove-step';
import { rehearsal, rehearseWhenIdle } from './rehearse';
import { createDocumentStore, heldUntilOpen } from './store';
import { loadValidator } from './validator';

// Validated at once, as in the editor once the validator's chunk has loaded.
beforeAll(() => loadValidator());

const YAML = `apiVersion: weft/v1
kind: Workflow
id: warm
steps:
  - id: a
    uses: transform
    with: { expression: "1" }
  - id: b
    uses: transform
    needs: [a]
    with: { expression: "2" }
  - id: c
    uses: transform
    needs: [b]
    with: { expression: "3" }
layout:
  a: [0, 0]
  b: [260, 0]
  c: [520, 0]
`;

/** Idle periods run by hand: each call of `step()` runs the one waiting. */
function manualIdle() {
  const waiting: (() => void)[] = [];
  return {
    idle: (run: () => void) => {
      waiting.push(run);
      return () => {
        const i = waiting.indexOf(run);
        if (i >= 0) waiting.splice(i, 1);
      };
    },
    step: () => waiting.shift()?.(),
    get pending() {
      return waiting.length;
    },
  };
}

describe('rehearsing the edit path', () => {
  it('never changes the document, its text, its undo or what is drawn', () => {
    const store = createDocumentStore(YAML, builtinCatalog());
    const before = store.getState();
    const parts = rehearsal(before.doc!);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) part();
    const after = store.getState();
    expect(after).toBe(before);
    expect(after.doc?.toString()).toBe(YAML);
    expect(after.doc?.stepIds()).toEqual(['a', 'b', 'c']);
    // The document still edits as before.
    expect(removeSteps(store, ['b'])).toEqual({ ok: true });
    expect(store.getState().text).not.toContain('- id: b');
    expect(store.getState().undoStack).toEqual([YAML]);
  });

  it('starts once the opened file is validated, one part an idle period, and stops when asked', () => {
    const first = heldUntilOpen((run) => {
      run();
      return () => {};
    });
    const store = createDocumentStore(YAML, builtinCatalog(), { firstCheck: first.later });
    const idle = manualIdle();
    let ran = 0;
    const stop = rehearseWhenIdle(store, () => [() => ran++, () => ran++, () => ran++], idle.idle);
    expect(store.getState().checking).toBe(true);
    expect(idle.pending).toBe(0);
    first.open();
    expect(store.getState().checking).toBe(false);
    expect(idle.pending).toBe(1);
    idle.step();
    expect(ran).toBe(1);
    idle.step();
    expect(ran).toBe(2);
    stop();
    expect(idle.pending).toBe(0);
    expect(ran).toBe(2);
  });

  it('starts at once on a store already validated', () => {
    const store = createDocumentStore(YAML, builtinCatalog());
    expect(store.getState().checking).toBe(false);
    const idle = manualIdle();
    let ran = 0;
    const stop = rehearseWhenIdle(store, () => [() => ran++, () => ran++], idle.idle);
    idle.step();
    idle.step();
    expect(ran).toBe(2);
    expect(idle.pending).toBe(0);
    // Later changes start nothing more.
    expect(removeSteps(store, ['c'])).toEqual({ ok: true });
    expect(idle.pending).toBe(0);
    stop();
  });
});
