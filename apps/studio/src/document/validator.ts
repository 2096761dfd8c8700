/**
 * The way to validate.ts (ajv, jsonata: ~210 kB that opening a file does not need, since a file is
 * drawn from its YAML and validated once it is on screen). Loaded with `import()`: by the editor as
 * soon as it has shown a file (before its first validation, which waits for a frame and an idle
 * moment), else the first time a document is validated.
 */
import type * as validate from './validate';

/** validate.ts's exports (a type only: a value import would put the module back into the main chunk). */
export type Validator = typeof validate;

/**
 * How the document slice gets the validator: `now()` once loaded (then everything is synchronous,
 * as before), else `load()`. Tests hand the slice one of their own to hold validation back.
 */
export interface ValidatorDoor {
  now: () => Validator | null;
  load: () => Promise<Validator>;
}

let loaded: Validator | null = null;
let loading: Promise<Validator> | null = null;

/** Loads validate.ts once per page (a failed load is tried again at the next call). */
export function loadValidator(): Promise<Validator> {
  loading ??= import('./validate').then(
    (m) => (loaded = m),
    (e: unknown) => {
      loading = null;
      throw e;
    },
  );
  return loading;
}

/** The page's validator: validate.ts, loaded once. */
export const lazyValidator: ValidatorDoor = { now: () => loaded, load: loadValidator };
