import { beforeAll, describe, expect, it } from 'vitest';
import { builtinCatalog, type Workflow } from '@weft/dsl';
import { diagnosticsByStep } from '../canvas/graph';
import { addStep } from '../editor/commands/add-step';
import { validateNow } from './document-slice';
import { parseYamlText } from './dsl';
import { firstParse, openedFrom } from './first-parse';
import { readFirst } from './read-first';
import { createDocumentStore, heldUntilOpen } from './store';
import { loadValidator, type Validator, type ValidatorDoor } from './validator';

// Validated at once, as in the editor once the validator's chunk has loaded (but where a test holds it).
beforeAll(() => loadValidator());

/** A validator whose chunk is still on its way until `arrive()`. */
function validatorOnItsWay(): { door: ValidatorDoor; arrive: () => Promise<void> } {
  let loaded: Validator | null = null;
  let resolve: (v: Validator) => void = () => {};
  const loading = new Promise<Validator>((r) => (resolve = r));
  return {
    door: { now: () => loaded, load: () => loading },
    arrive: async () => {
      loaded = await loadValidator();
      resolve(loaded);
      await loading;
    },
  };
}

const YAML = `apiVersion: weft/v1
kind: Workflow
id: pre
steps:
  - id: first
    uses: transform
    with: { expression: "1" }
  - id: second
    uses: nope
    needs: [first]
`;

describe('a document store opened from text parsed beforehand', () => {
  it('holds what a store that parsed the text itself holds, and edits the same', () => {
    const parsed = parseYamlText(YAML);
    const early = createDocumentStore(YAML, builtinCatalog(), { parsed });
    const late = createDocumentStore(YAML, builtinCatalog());
    const a = early.getState();
    const b = late.getState();
    expect(a.doc).toBe(parsed);
    expect(a.text).toBe(b.text);
    expect(a.workflow).toEqual(b.workflow);
    expect(a.diagnostics).toEqual(b.diagnostics);
    // Validated with the catalog it was opened with: the unknown block is reported.
    expect(a.diagnostics.some((d) => d.path[1] === 1)).toBe(true);
    expect(addStep(early, { uses: 'transform', position: [0, 0] })).toMatchObject({ ok: true });
    expect(addStep(late, { uses: 'transform', position: [0, 0] })).toMatchObject({ ok: true });
    expect(early.getState().text).toBe(late.getState().text);
  });

  it('opened from the first parse in a worker: draws, validates and edits as a store that parsed it here', () => {
    // The reply as the worker's message brings it (a structured clone).
    const reply = structuredClone(firstParse({ id: 1, text: YAML }));
    expect(reply.drawn).not.toBeNull();
    // The worker's quick read (no yaml) gives the very reply yaml's parse gives.
    expect(structuredClone(readFirst({ id: 1, text: YAML }))).toEqual(reply);
    const opened = openedFrom(YAML, reply);
    const worker = heldUntilOpen(validateNow);
    const here = heldUntilOpen(validateNow);
    const fromWorker = createDocumentStore(YAML, builtinCatalog(), { ...opened, firstCheck: worker.later });
    const parsedHere = createDocumentStore(YAML, builtinCatalog(), { firstCheck: here.later });
    expect(fromWorker.getState().workflow).toEqual(parsedHere.getState().workflow);
    expect(fromWorker.getState().checking).toBe(true);
    worker.open();
    here.open();
    expect(fromWorker.getState().checking).toBe(false);
    expect(fromWorker.getState().diagnostics).toEqual(parsedHere.getState().diagnostics);
    expect(fromWorker.getState().diagnostics.some((d) => d.path[1] === 1)).toBe(true);
    expect(addStep(fromWorker, { uses: 'transform', position: [0, 0] })).toMatchObject({ ok: true });
    expect(addStep(parsedHere, { uses: 'transform', position: [0, 0] })).toMatchObject({ ok: true });
    expect(fromWorker.getState().text).toBe(parsedHere.getState().text);
    // A file the worker cannot draw from its YAML alone is parsed where it opens.
    const broken = `${YAML}  - id: [oops\n`;
    const brokenReply = structuredClone(firstParse({ id: 2, text: broken }));
    expect(brokenReply.drawn).toBeNull();
    expect(readFirst({ id: 2, text: broken })).toBeNull();
    expect(openedFrom(broken, brokenReply).doc.loaded.diags.list.length).toBeGreaterThan(0);
  });
});

describe('a change is drawn at once and validated later', () => {
  /** Validations wait here until `check()` runs them, as the browser's next frame would. */
  function manual() {
    const waiting: (() => void)[] = [];
    const later = (run: () => void) => {
      waiting.push(run);
      return () => void waiting.splice(waiting.indexOf(run), 1);
    };
    const check = () => waiting.splice(0).forEach((run) => run());
    return { later, check, waiting };
  }

  it('shows the new model before its diagnostics, keeping the problems on their steps meanwhile', () => {
    const { later, check, waiting } = manual();
    const store = createDocumentStore(YAML, builtinCatalog(), { later });
    const before = store.getState();
    expect(before.checking).toBe(false);
    expect(before.diagnosed).toBe(before.workflow);
    // A step typed above the others: every later step moves down one place in the file.
    const typed = YAML.replace(
      'steps:\n',
      'steps:\n  - id: zero\n    uses: wait\n    with: { duration: 1s }\n',
    );
    store.getState().setText(typed, 'yaml');
    const drawn = store.getState();
    expect(drawn.workflow?.steps.map((s) => s.id)).toEqual(['zero', 'first', 'second']);
    expect(drawn.checking).toBe(true);
    expect(drawn.diagnostics).toBe(before.diagnostics);
    // The old diagnostics still point at the steps they were found on (by the model they were found for).
    const problems = diagnosticsByStep(drawn.diagnosed as Workflow, drawn.diagnostics);
    expect([...problems.keys()]).toEqual(['second']);
    expect(waiting).toHaveLength(1);
    check();
    const checked = store.getState();
    expect(checked.checking).toBe(false);
    expect(checked.diagnosed).toBe(checked.workflow);
    expect(checked.diagnostics.some((d) => d.path[1] === 2 && d.severity === 'error')).toBe(true);
    expect(checked.workflow).toBe(drawn.workflow);
  });

  it('validates only the latest of several quick changes', () => {
    const { later, check, waiting } = manual();
    const store = createDocumentStore(YAML, builtinCatalog(), { later });
    store.getState().setText(YAML.replace('uses: nope', 'uses: nope2'), 'yaml');
    store.getState().setText(YAML.replace('uses: nope', 'uses: wait\n    with: { duration: 1s }'), 'yaml');
    expect(waiting).toHaveLength(1);
    check();
    expect(store.getState().diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('reports a broken YAML at once, without waiting', () => {
    const { later, waiting } = manual();
    const store = createDocumentStore(YAML, builtinCatalog(), { later });
    store.getState().setText(`${YAML}  - id: [oops\n`, 'yaml');
    const s = store.getState();
    expect(waiting).toHaveLength(0);
    expect(s.stale).toBe(true);
    expect(s.checking).toBe(false);
    expect(s.diagnostics.some((d) => d.code === 'E_YAML')).toBe(true);
  });
});

describe('an opened file is drawn at once and validated once the editor shows it', () => {
  it('holds the first validation until open(), then validates what was opened', () => {
    const ran: (() => void)[] = [];
    const first = heldUntilOpen((run) => {
      ran.push(run);
      return () => {};
    });
    const store = createDocumentStore(YAML, builtinCatalog(), { firstCheck: first.later });
    const opened = store.getState();
    expect(opened.workflow?.steps.map((s) => s.id)).toEqual(['first', 'second']);
    expect(opened.checking).toBe(true);
    expect(opened.diagnostics).toEqual([]);
    expect(opened.diagnosed).toBeNull();
    expect(ran).toHaveLength(0);
    first.open();
    expect(ran).toHaveLength(1);
    ran[0]?.();
    const checked = store.getState();
    expect(checked.checking).toBe(false);
    expect(checked.diagnosed).toBe(checked.workflow);
    // The unknown block of the second step, as a store validating at once reports it.
    expect(checked.diagnostics).toEqual(createDocumentStore(YAML, builtinCatalog()).getState().diagnostics);
    expect(checked.diagnostics.some((d) => d.path[1] === 1 && d.severity === 'error')).toBe(true);
  });

  it('drops the first validation when the text changed before it ran (the change is validated instead)', () => {
    const waiting: (() => void)[] = [];
    const first = heldUntilOpen((run) => {
      waiting.push(run);
      return () => void waiting.splice(waiting.indexOf(run), 1);
    });
    const store = createDocumentStore(YAML, builtinCatalog(), { firstCheck: first.later });
    store.getState().setText(YAML.replace('uses: nope', 'uses: wait\n    with: { duration: 1s }'), 'yaml');
    first.open();
    expect(waiting).toHaveLength(0);
    expect(store.getState().checking).toBe(false);
    expect(store.getState().diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('checks a file whose YAML is broken at once', () => {
    const first = heldUntilOpen();
    const store = createDocumentStore(`${YAML}  - id: [oops\n`, builtinCatalog(), {
      firstCheck: first.later,
    });
    const s = store.getState();
    expect(s.checking).toBe(false);
    expect(s.diagnostics.some((d) => d.code === 'E_YAML')).toBe(true);
  });
});

describe('until the validator has loaded (its own chunk)', () => {
  const at = (text: string) => createDocumentStore(text, builtinCatalog()).getState();

  it('draws an opened file at once and validates it once the validator arrives, as at once', async () => {
    const { door, arrive } = validatorOnItsWay();
    const store = createDocumentStore(YAML, builtinCatalog(), { validator: door });
    const drawn = store.getState();
    expect(drawn.workflow?.steps.map((s) => s.id)).toEqual(['first', 'second']);
    expect(drawn.checking).toBe(true);
    expect(drawn.diagnosed).toBeNull();
    await arrive();
    const checked = store.getState();
    const now = at(YAML);
    expect(checked.checking).toBe(false);
    expect(checked.diagnostics).toEqual(now.diagnostics);
    expect(checked.diagnostics.some((d) => d.path[1] === 1 && d.severity === 'error')).toBe(true);
    expect(checked.diagnosed).toBe(checked.workflow);
    expect(addStep(store, { uses: 'transform', position: [0, 0] })).toMatchObject({ ok: true });
  });

  it('opens a file whose YAML is broken as nothing to draw or edit, then as validating at once does', async () => {
    const broken = `${YAML}  - id: [oops\n`;
    const { door, arrive } = validatorOnItsWay();
    const first = heldUntilOpen(validateNow);
    const store = createDocumentStore(broken, builtinCatalog(), { validator: door, firstCheck: first.later });
    expect(store.getState()).toMatchObject({ doc: null, workflow: null, checking: true, stale: true });
    await arrive();
    const s = store.getState();
    const now = at(broken);
    expect(s).toMatchObject({ doc: null, workflow: null, checking: false, stale: true });
    expect(s.diagnostics).toEqual(now.diagnostics);
    expect(s.diagnostics.some((d) => d.code === 'E_YAML')).toBe(true);
  });

  it('keeps the last drawing through a change that breaks the YAML, and reports it once the validator arrives', async () => {
    const { door, arrive } = validatorOnItsWay();
    const first = heldUntilOpen(validateNow);
    const store = createDocumentStore(YAML, builtinCatalog(), { validator: door, firstCheck: first.later });
    const drawn = store.getState().workflow;
    const broken = `${YAML}  - id: [oops\n`;
    store.getState().setText(broken, 'yaml');
    expect(store.getState()).toMatchObject({
      text: broken,
      doc: null,
      workflow: drawn,
      checking: true,
      stale: true,
    });
    expect(store.getState().undoStack).toEqual([YAML]);
    await arrive();
    const s = store.getState();
    expect(s).toMatchObject({ text: broken, doc: null, workflow: drawn, checking: false, stale: true });
    expect(s.diagnostics).toEqual(at(broken).diagnostics);
  });

  it('validates only the latest change once it arrives', async () => {
    const { door, arrive } = validatorOnItsWay();
    const store = createDocumentStore(YAML, builtinCatalog(), { validator: door });
    const fixed = YAML.replace('uses: nope', 'uses: wait\n    with: { duration: 1s }');
    store.getState().setText(`${YAML}  - id: [oops\n`, 'yaml');
    store.getState().setText(fixed, 'yaml');
    expect(store.getState().checking).toBe(true);
    await arrive();
    const s = store.getState();
    expect(s.checking).toBe(false);
    expect(s.stale).toBe(false);
    expect(s.diagnostics).toEqual(at(fixed).diagnostics);
    expect(s.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
