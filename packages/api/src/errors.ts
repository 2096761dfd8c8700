/**
 * Domain errors of the API and the ONE place that turns any failure into a TRPCError: engine
 * refusals (the engine's `Result` errors) through `engineError`, thrown values through `toTRPCError`.
 */
import { TRPCError } from '@trpc/server';
import type { Diagnostic } from '@weft/dsl';
import type { Result, StartRunError } from '@weft/engine';
import { isStoreError } from '@weft/store';
import type { EngineRefusal } from './ports';

/** Every code some procedure produces (role refusals are tRPC's own UNAUTHORIZED / FORBIDDEN). */
export type ApiErrorCode =
  | 'NOT_FOUND'
  | 'INVALID_WORKFLOW'
  | 'INVALID_INPUT'
  | 'CONFLICT'
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
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
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
};

/** The API error for an engine refusal: an unknown run or workflow, or input that does not fit. */
export function engineError(e: EngineRefusal | StartRunError): ApiError {
  switch (e.code) {
    case 'NOT_FOUND':
    case 'WORKFLOW_NOT_FOUND':
      return new ApiError('NOT_FOUND', e.message);
    case 'INVALID_INPUT':
      return new ApiError('INVALID_INPUT', e.message);
  }
}

/** The value of an engine command, or its refusal thrown as the API error (procedures only). */
export function orRefuse<T>(r: Result<T, EngineRefusal | StartRunError>): T {
  if (!r.ok) throw engineError(r.error);
  return r.value;
}

/**
 * Map anything a procedure threw to a TRPCError: ApiError by its code, StoreError by its code,
 * everything else to INTERNAL_SERVER_ERROR with a message that does not leak internals.
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
  return new TRPCError({
    code: 'INTERNAL_SERVER_ERROR',
    message: 'internal error (see the server log)',
    cause: e,
  });
}

/** Error code (API/store) carried in `error.data.weftCode`, and diagnostics for INVALID_WORKFLOW. */
export function errorData(e: unknown): { weftCode?: string; diagnostics?: readonly Diagnostic[] } {
  const cause = e instanceof TRPCError ? e.cause : e;
  if (cause instanceof ApiError)
    return {
      weftCode: cause.code,
      ...(cause.details?.diagnostics ? { diagnostics: cause.details.diagnostics } : {}),
    };
  return isStoreError(cause) ? { weftCode: cause.code } : {};
}
