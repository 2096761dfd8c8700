/**
 * Errors the store raises with a stable `code`. The CLI maps `BAD_URL` to a usage error and
 * `UNREACHABLE` / `MIGRATION_FAILED` to exit 4 ("cannot reach the database").
 */
export type StoreErrorCode =
  'BAD_URL' | 'UNREACHABLE' | 'MIGRATION_FAILED' | 'BAD_CURSOR' | 'CONFLICT' | 'RUN_NOT_FOUND' | 'CLOSED';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** True for a `StoreError` (also across module copies: checks the shape, not `instanceof`). */
export function isStoreError(err: unknown): err is StoreError {
  return (
    err instanceof Error && err.name === 'StoreError' && typeof (err as { code?: unknown }).code === 'string'
  );
}
