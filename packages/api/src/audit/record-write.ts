/**
 * The audit trail of writes: every tRPC mutation that succeeds (or is refused for want of a token or
 * role) leaves one entry with who, when, what and from where. Only allow-listed, non-secret input
 * fields are kept: never a secret's value, a token, a new key or a workflow's text.
 */
import type { NewAuditEntry } from '@weft/store';
import type { ApiContext } from '../trpc';

/** Input fields copied into an entry's detail (short scalars only). */
const SAFE_INPUT = [
  'workflowId',
  'runId',
  'stepId',
  'fromStepId',
  'id',
  'name',
  'role',
  'version',
  'enabled',
  'approved',
  'action',
  'message',
  'comment',
  'idempotencyKey',
  'triggerKey',
  'dryRun',
  'olderThanMs',
  'deliveryId',
  'source',
] as const;

/** Result fields copied into the detail (never `token`, `value` or `newKey`). */
const SAFE_RESULT = ['runId', 'id', 'version', 'count', 'keyId', 'deleted', 'pruned', 'created'] as const;

function pick(from: unknown, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!from || typeof from !== 'object') return out;
  const o = from as Record<string, unknown>;
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'string') out[k] = v.length > 200 ? `${v.slice(0, 200)}…` : v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

/** The thing acted on: a run, a workflow, a token id or a secret name. */
function targetOf(input: Record<string, unknown>): string | undefined {
  for (const k of ['runId', 'workflowId', 'id', 'name'] as const) {
    const v = input[k];
    if (typeof v === 'string') return v;
  }
  return undefined;
}

/** `blocks.install` answers `{ block, already }`: keep which block, its sha256 and signer. */
function installedBlock(result: unknown): Record<string, unknown> {
  const b = (result as { block?: unknown } | null | undefined)?.block;
  if (!b || typeof b !== 'object') return {};
  const { name, version, sha256, signer } = b as Record<string, unknown>;
  if (typeof name !== 'string' || typeof version !== 'string') return {};
  const out: Record<string, unknown> = { block: `${name}@${version}` };
  if (typeof sha256 === 'string') out.sha256 = sha256;
  const s = signer as { name?: unknown; keyId?: unknown } | null | undefined;
  if (s && typeof s.keyId === 'string') out.signer = typeof s.name === 'string' ? s.name : s.keyId;
  const already = (result as { already?: unknown }).already;
  if (typeof already === 'boolean') out.already = already;
  return out;
}

export function auditEntry(
  ctx: ApiContext,
  e: { path: string; input: unknown; result: unknown; outcome: 'ok' | 'denied' },
): NewAuditEntry {
  const input = pick(e.input, SAFE_INPUT);
  const fromResult = e.outcome === 'ok' ? pick(e.result, SAFE_RESULT) : {};
  const detail: Record<string, unknown> = { ...input, ...installedBlock(e.result) };
  for (const [k, v] of Object.entries(fromResult))
    if (detail[k] === undefined) detail[k] = v;
    else if (detail[k] !== v) detail[`result.${k}`] = v;
  const entry: NewAuditEntry = {
    at: ctx.deps.now(),
    actor: ctx.principal?.name ?? 'anonymous',
    action: e.path,
    outcome: e.outcome,
    detail,
  };
  const target = targetOf(input) ?? (typeof detail.block === 'string' ? detail.block : undefined);
  if (target !== undefined) entry.target = target;
  if (ctx.principal) entry.role = ctx.principal.role;
  if (ctx.origin?.ip) entry.source = ctx.origin.ip;
  if (ctx.origin?.userAgent) entry.userAgent = ctx.origin.userAgent.slice(0, 300);
  return entry;
}
