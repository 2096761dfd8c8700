/** Turns what a worker answered into the engine's `BlockResult`, per ABI.md. */
import type { BlockResult, ErrorCode, StepError } from '@weft/engine';

const CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'INVALID_INPUT',
  'EXPRESSION_ERROR',
  'TIMEOUT',
  'PERMISSION_DENIED',
  'SECRET_NOT_FOUND',
  'BLOCK_ERROR',
  'BLOCK_NOT_FOUND',
  'HTTP_ERROR',
  'REPEAT_LIMIT',
  'FOREACH_NOT_ARRAY',
  'OUTPUT_ERROR',
  'CANCELLED',
  'LIMIT_EXCEEDED',
]);

const MAX_MESSAGE = 2000;
const dec = new TextDecoder();

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && CODES.has(code);
}

/** A failed result. Codes that cannot succeed on a retry carry `retryable: false`. */
export function failure(code: ErrorCode, message: string, retryable?: boolean): BlockResult {
  const error: StepError = { code, message: clip(message) };
  if (retryable !== undefined) error.retryable = retryable;
  return { ok: false, error };
}

function clip(s: string): string {
  return s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE)}…` : s;
}

/** A successful reply: the block's output bytes, `{ "output": any, "port"?: string }`. */
export function parseOutput(
  bytes: Uint8Array,
  what: string,
  ports: readonly string[] | undefined,
): BlockResult {
  let doc: unknown;
  try {
    doc = JSON.parse(dec.decode(bytes));
  } catch (err) {
    const detail =
      bytes.byteLength === 0 ? 'it set no output' : err instanceof Error ? err.message : String(err);
    return failure('BLOCK_ERROR', `${what} returned invalid JSON output (${detail})`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || !('output' in doc)) {
    return failure(
      'BLOCK_ERROR',
      `${what} returned invalid JSON output: expected { "output": …, "port"?: … }`,
    );
  }
  const { output, port } = doc as { output: unknown; port?: unknown };
  if (port === undefined || port === null) return { ok: true, output };
  if (typeof port !== 'string') return failure('BLOCK_ERROR', `${what} returned a port that is not a string`);
  if (!ports?.includes(port)) {
    return failure(
      'BLOCK_ERROR',
      `${what} chose port "${port}", which its manifest does not declare${ports ? ` (ports: ${ports.join(', ')})` : ''}`,
    );
  }
  return { ok: true, output, port };
}

/**
 * An error reply from the worker: `{ code, message }` made by the sandbox, `{ blockError }` (the
 * text a block set with `extism_error_set`) or `{ trap }`. Sandbox-made messages get `what: ` in
 * front unless `prefix` is false (`code` reports a thrown error's message as it is).
 */
export function parseFailure(bytes: Uint8Array, what: string, prefix = true): BlockResult {
  let doc: { code?: unknown; message?: unknown; blockError?: unknown; trap?: unknown };
  try {
    doc = JSON.parse(dec.decode(bytes)) as typeof doc;
  } catch {
    return failure('BLOCK_ERROR', `${what} failed (unreadable error from the sandbox)`);
  }
  if (typeof doc.blockError === 'string') return blockError(doc.blockError, what);
  if (typeof doc.trap === 'string') return failure('BLOCK_ERROR', `${what} crashed: ${doc.trap}`);
  const message = String(doc.message ?? 'failed');
  return sandboxFailure(doc.code, prefix ? `${what}: ${message}` : message);
}

/** A failure the sandbox itself reports (`{ code, message }`); an unknown code is a BLOCK_ERROR. */
export function sandboxFailure(reported: unknown, message: string): BlockResult {
  const code = isErrorCode(reported) ? reported : 'BLOCK_ERROR';
  return failure(code, message, code === 'LIMIT_EXCEEDED' ? false : undefined);
}

/** The block's own error text: JSON `{ code, message, retryable? }` per the ABI, else plain text. */
function blockError(text: string, what: string): BlockResult {
  try {
    const e = JSON.parse(text) as { code?: unknown; message?: unknown; retryable?: unknown };
    if (typeof e === 'object' && e !== null && typeof e.message === 'string') {
      const code = isErrorCode(e.code) ? e.code : 'BLOCK_ERROR';
      const unknownCode =
        e.code !== undefined && !isErrorCode(e.code) ? ` [block code ${JSON.stringify(e.code)}]` : '';
      return failure(
        code,
        `${e.message}${unknownCode}`,
        typeof e.retryable === 'boolean' ? e.retryable : undefined,
      );
    }
  } catch {
    // Not JSON: the text itself is the message.
  }
  return failure('BLOCK_ERROR', text.trim() === '' ? `${what} failed without a message` : text);
}
