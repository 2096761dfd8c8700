/**
 * Validation in a worker (`validate.worker.ts`): a change's diagnostics are found off the main
 * thread, so the next keystroke, paste or frame never waits for them. Only the latest text is
 * validated: a text that was still waiting when a newer one came is answered `null` (superseded).
 * Where the worker cannot start or fails, the text is validated here, as before.
 */
import type { BlockInfo } from '@weft/dsl';
import { studioCatalog } from './catalog';
import { diagnose, parseYamlText, type Checked } from './dsl';

/** What of a `Worker` the validator uses. */
export type WorkerLike = Pick<Worker, 'postMessage' | 'terminate' | 'onmessage' | 'onerror'>;

/** Validates a document's text; `null`: a newer text came before this one was started. */
export type Validator = (text: string) => Promise<Checked | null>;

export type ValidateRequest =
  { type: 'catalog'; extra: readonly BlockInfo[] } | { type: 'validate'; id: number; text: string };
export type ValidateReply = ({ id: number } & Checked) | { id: number; error: string };

/**
 * What the worker does with each message (`validate.worker.ts`): keeps the catalog it is sent and
 * answers each text with its diagnostics (or the error that stopped the validation).
 */
export function validationHandler(): (m: ValidateRequest) => ValidateReply | null {
  let catalog = studioCatalog();
  return (m) => {
    if (m.type === 'catalog') {
      catalog = studioCatalog(m.extra);
      return null;
    }
    try {
      return { id: m.id, ...diagnose(parseYamlText(m.text), catalog) };
    } catch (err) {
      return { id: m.id, error: err instanceof Error ? err.message : String(err) };
    }
  };
}

interface Job {
  id: number;
  text: string;
  resolve: (c: Checked | null) => void;
}

/**
 * `start`: makes the worker (Vite's `?worker` constructor in the browser; see `validateInWorker`).
 * `extra`: the server's blocks, as the document's catalog was made with (`studioCatalog(extra)`).
 */
export function createWorkerValidator(
  start: () => WorkerLike,
  extra: readonly BlockInfo[],
): { validate: Validator; dispose: () => void } {
  let worker: WorkerLike | null = null;
  let failed = false;
  let nextId = 0;
  let running: Job | null = null;
  let waiting: Job | null = null;
  const here = (text: string): Checked => diagnose(parseYamlText(text), studioCatalog(extra));

  let disposed = false;
  /** The worker failed: the latest text is validated here, and every text after it. */
  const fail = () => {
    failed = true;
    worker?.terminate();
    worker = null;
    const latest = waiting ?? running;
    if (waiting) running?.resolve(null);
    latest?.resolve(here(latest.text));
    running = waiting = null;
  };
  const post = (job: Job) => {
    running = job;
    const m: ValidateRequest = { type: 'validate', id: job.id, text: job.text };
    worker?.postMessage(m);
  };
  const ensure = (): WorkerLike | null => {
    if (worker || failed) return worker;
    try {
      worker = start();
    } catch {
      failed = true;
      return null;
    }
    worker.onmessage = (e: MessageEvent<ValidateReply>) => {
      const job = running;
      if (!job || e.data.id !== job.id) return;
      running = null;
      const r = e.data;
      job.resolve('error' in r ? here(job.text) : { diagnostics: r.diagnostics, broken: r.broken });
      const next = waiting;
      waiting = null;
      if (next) post(next);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      fail();
    };
    const m: ValidateRequest = { type: 'catalog', extra };
    worker.postMessage(m);
    return worker;
  };

  const validate: Validator = (text) =>
    new Promise((resolve) => {
      if (disposed) {
        resolve(null);
        return;
      }
      if (!ensure()) {
        resolve(here(text));
        return;
      }
      const job = { id: ++nextId, text, resolve };
      if (!running) {
        post(job);
        return;
      }
      waiting?.resolve(null);
      waiting = job;
    });
  return {
    validate,
    dispose: () => {
      disposed = true;
      worker?.terminate();
      worker = null;
      running?.resolve(null);
      waiting?.resolve(null);
      running = waiting = null;
    },
  };
}
