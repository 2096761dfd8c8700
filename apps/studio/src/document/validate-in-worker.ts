/** The browser's validation worker (Vite bundles `validate.worker.ts` as its own module worker). */
import type { BlockInfo } from '@weft/dsl';
import ValidateWorker from './validate.worker?worker';
import { createWorkerValidator, type Validator } from './worker-validator';

/** A validator for a document opened with `studioCatalog(extra)`; `dispose` stops its worker. */
export function validateInWorker(extra: readonly BlockInfo[]): { validate: Validator; dispose: () => void } {
  return createWorkerValidator(() => new ValidateWorker({ name: 'weft-validate' }), extra);
}
