/**
 * Domain errors of the API and the ONE place that turns any thrown value into a TRPCError.
 */
import { TRPCError } from '@trpc/server';
import type { Diagnostic } from '@weft/dsl';
import { isStoreError } from '@weft/store';

export type ApiErrorCode =
  | 'NOT_FOUND'
  | 'INVALID_WORKFLOW'
  | 'INVALID_INPUT'
  | 'CONFLICT'
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'UNAVAILABLE';

/** An expected failure of a procedure, with a message a user can act on. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: { diagnostics?: readonly Diagnostic[] },
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what: string): ApiError => new ApiError('NOT_FOUND', `${what} not found`);

type TRPCCode = ConstructorParameters<typeof TRPCError>[0]['code'];

const API_TO_TRPC: Record<ApiErrorCode, TRPCCode> = {
  NOT_FOUND: 'NOT_FOUND',
  INVALID_WORKFLOW: 'BAD_REQUEST',
  INVALID_INPUT: 'BAD_REQUEST',
  CONFLICT: 'CONFLICT',
  BAD_REQUEST: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
};

/** Engine error codes (DESIGN.md) that describe bad caller input rather than a server fault. */
const CALLER_CODES = new Set([
  'INVALID_INPUT',
  'EXPRESSION_ERROR',
  'SECRET_NOT_FOUND',
  'BLOCK_NOT_FOUND',
  'PERMISSION_DENIED',
]);

function shapeCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string'
    ? (e as { code: string }).code
    : undefined;
}

/**
 * Map anything a procedure threw to a TRPCError: ApiError by its code, StoreError and engine errors
 * by theirs (checked by shape, not `instanceof`), everything else to INTERNAL_SERVER_ERROR with a
 * message that does not leak internals.
 */
export function toTRPCError(e: unknown): TRPCError {
  if (e instanceof TRPCError) {
    return e.code === 'INTERNAL_SERVER_ERROR' && e.cause && !(e.cause instanceof TRPCError)
      ? toTRPCError(e.cause)
      : e;
  }
  if (e instanceof ApiError)
    return new TRPCError({ code: API_TO_TRPC[e.code], message: e.message, cause: e });
  if (isStoreError(e)) {
    switch (e.code) {
      case 'BAD_CURSOR':
      case 'BAD_URL':
        return new TRPCError({ code: 'BAD_REQUEST', message: e.message, cause: e });
      case 'CONFLICT':
        return new TRPCError({ code: 'CONFLICT', message: e.message, cause: e });
      case 'RUN_NOT_FOUND':
        return new TRPCError({ code: 'NOT_FOUND', message: e.message, cause: e });
      case 'UNREACHABLE':
      case 'MIGRATION_FAILED':
      case 'CLOSED':
        return new TRPCError({
          code: 'SERVICE_UNAVAILABLE',
          message: 'the database is not available',
          cause: e,
        });
    }
  }
  const code = shapeCode(e);
  if (code && e instanceof Error) {
    if (CALLER_CODES.has(code)) return new TRPCError({ code: 'BAD_REQUEST', message: e.message, cause: e });
    if (
      code === 'NOT_FOUND' ||
      code === 'RUN_NOT_FOUND' ||
      code === 'STEP_NOT_FOUND' ||
      code === 'WORKFLOW_NOT_FOUND'
    )
      return new TRPCError({ code: 'NOT_FOUND', message: e.message, cause: e });
    if (code === 'CONFLICT' || code === 'INVALID_STATE' || code === 'NOT_WAITING')
      return new TRPCError({ code: 'CONFLICT', message: e.message, cause: e });
  }
  return new TRPCError({
    code: 'INTERNAL_SERVER_ERROR',
    message: 'internal error (see the server log)',
    cause: e,
  });
}

/** Error code (engine/API) carried in `error.data.weftCode`, and diagnostics for INVALID_WORKFLOW. */
export function errorData(e: unknown): { weftCode?: string; diagnostics?: readonly Diagnostic[] } {
  const cause = e instanceof TRPCError ? e.cause : e;
  if (cause instanceof ApiError)
    return {
      weftCode: cause.code,
      ...(cause.details?.diagnostics ? { diagnostics: cause.details.diagnostics } : {}),
    };
  const code = shapeCode(cause);
  return code ? { weftCode: code } : {};
}
