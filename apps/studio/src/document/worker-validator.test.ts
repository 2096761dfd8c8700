import { describe, expect, it } from 'vitest';
import { studioCatalog } from './catalog';
import { diagnose, parseYamlText } from './dsl';
import { createDocumentStore } from './store';
import {
  createWorkerValidator,
  validationHandler,
  type ValidateRequest,
  type WorkerLike,
} from './worker-validator';

const yaml = (uses: string) => `apiVersion: weft/v1
kind: Workflow
id: w
steps:
  - id: first
    uses: transform
    with: { expression: "1" }
  - id: second
    uses: ${uses}
    needs: [first]
    with: { expression: "2" }
`;

/**
 * The worker's own handler (what `validate.worker.ts` runs), answering in a later task as a worker
 * does: Node has no Web Worker. `fail()` makes it fail as a worker that cannot load does.
 */
function inProcessWorker(): WorkerLike & { posted: string[]; fail: () => void } {
  const handle = validationHandler();
  const w: WorkerLike & { posted: string[]; fail: () => void } = {
    onmessage: null,
    onerror: null,
    posted: [],
    postMessage(m: ValidateRequest) {
      if (m.type === 'validate') w.posted.push(m.text);
      const reply = handle(m);
      if (reply) setTimeout(() => w.onmessage?.call(w as Worker, { data: reply } as MessageEvent));
    },
    terminate() {},
    fail() {
      w.onerror?.call(w as Worker, { preventDefault() {} } as ErrorEvent);
    },
  };
  return w;
}

const here = (text: string) => diagnose(parseYamlText(text), studioCatalog());

describe('validation in a worker', () => {
  it('finds what validating here finds', async () => {
    const { validate } = createWorkerValidator(inProcessWorker, []);
    const checked = await validate(yaml('nope'));
    expect(checked).toEqual(here(yaml('nope')));
    expect(checked?.diagnostics.some((d) => d.path[1] === 1)).toBe(true);
    expect(await validate(yaml('transform'))).toEqual({ diagnostics: [], broken: false });
  });

  it('validates only the latest of the texts that came while one was being validated', async () => {
    const worker = inProcessWorker();
    const { validate } = createWorkerValidator(() => worker, []);
    const [a, b, c] = await Promise.all([
      validate(yaml('nope')),
      validate(yaml('wait')),
      validate(yaml('x')),
    ]);
    expect(a).toEqual(here(yaml('nope')));
    expect(b).toBeNull();
    expect(c).toEqual(here(yaml('x')));
    expect(worker.posted).toEqual([yaml('nope'), yaml('x')]);
  });

  it('validates here when the worker cannot start, or fails', async () => {
    const none = createWorkerValidator(() => {
      throw new Error('no workers here');
    }, []);
    expect(await none.validate(yaml('nope'))).toEqual(here(yaml('nope')));
    const worker = inProcessWorker();
    const failing = createWorkerValidator(() => worker, []);
    worker.postMessage = () => {};
    const pending = failing.validate(yaml('nope'));
    worker.fail();
    expect(await pending).toEqual(here(yaml('nope')));
    expect(await failing.validate(yaml('x'))).toEqual(here(yaml('x')));
  });
});

describe('a document validated in a worker', () => {
  /** Resolves once the store has the diagnostics of its latest change. */
  const checked = (store: ReturnType<typeof createDocumentStore>) =>
    new Promise<void>((resolve) => {
      if (!store.getState().checking) return resolve();
      const stop = store.subscribe((s) => {
        if (s.checking) return;
        stop();
        resolve();
      });
    });

  it('is validated once opened, and takes the diagnostics of its latest change only', async () => {
    const worker = inProcessWorker();
    const { validate } = createWorkerValidator(() => worker, []);
    const store = createDocumentStore(yaml('transform'), studioCatalog(), {
      validate,
      // The opened text is validated once the editor shows it: here, a task after it is opened.
      firstCheck: (run) => {
        const t = setTimeout(run);
        return () => clearTimeout(t);
      },
    });
    // The opened text: drawn at once, its diagnostics from the worker.
    expect(store.getState().checking).toBe(true);
    await checked(store);
    expect(store.getState()).toMatchObject({ checking: false, diagnostics: [] });

    store.getState().setText(yaml('nope'), 'yaml');
    expect(store.getState().checking).toBe(true);
    store.getState().setText(yaml('nope').replace('"1"', '"2"'), 'yaml');
    store.getState().setText(yaml('transform').replace('"1"', '"2"'), 'yaml');
    await checked(store);
    const s = store.getState();
    // The unknown block of the earlier changes never lands: a newer text came before it was checked.
    expect(s).toMatchObject({ checking: false, diagnostics: [] });
    expect(s.diagnosed).toBe(s.workflow);
    expect(worker.posted.at(-1)).toBe(s.text);

    store.getState().setText(yaml('nope'), 'yaml');
    await checked(store);
    expect(store.getState().diagnostics.some((d) => d.path[1] === 1)).toBe(true);
  });
});
