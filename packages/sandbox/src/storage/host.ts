/**
 * The host side of `weft_storage` (ABI.md): put, get, list and delete in the calling workflow's own
 * store. A block needs `capabilities.storage`; it can never name another workflow.
 */
import type { BlockCall } from '@weft/engine';
import type { BlockManifest } from '../manifest';
import type { HostAnswer } from '../sql/host';
import { StorageRefusal } from './object-store';
import type { ObjectStore } from './object-store';

const refuse = (code: string, message: string): HostAnswer => ({ ok: false, error: { code, message } });
const dec = new TextDecoder('utf-8', { fatal: true });

function bodyOf(req: Record<string, unknown>): Uint8Array | string {
  if (typeof req.text === 'string') return new TextEncoder().encode(req.text);
  if (typeof req.base64 === 'string') {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(req.base64) || req.base64.length % 4 === 1)
      return '`base64` is not valid base64';
    return Buffer.from(req.base64, 'base64');
  }
  return 'put needs `text` or `base64`';
}

export function hostStorage(
  request: unknown,
  ctx: { manifest: BlockManifest | undefined; call: BlockCall; store: ObjectStore | undefined },
): HostAnswer {
  const { manifest: m, call, store } = ctx;
  const who = m ? `block ${m.name}@${m.version}` : 'this step';
  if (!m?.capabilities.storage)
    return refuse(
      'PERMISSION_DENIED',
      `${who} has no storage capability (its manifest does not say capabilities.storage: true)`,
    );
  if (!store) return refuse('PERMISSION_DENIED', 'object storage is not enabled on this runner');
  const workflow = call.workflowId;
  if (!workflow)
    return refuse('PERMISSION_DENIED', 'object storage belongs to a workflow, and this call has none');
  const req = (typeof request === 'object' && request !== null ? request : {}) as Record<string, unknown>;
  const key = typeof req.key === 'string' ? req.key : '';
  try {
    switch (req.op) {
      case 'put': {
        const body = bodyOf(req);
        if (typeof body === 'string') return refuse('INVALID_INPUT', body);
        const type =
          typeof req.contentType === 'string' && req.contentType
            ? req.contentType
            : 'application/octet-stream';
        const r = store.put(workflow, key, body, type);
        return { ok: true, ...r, quotaBytes: store.quotaBytes };
      }
      case 'get': {
        const o = store.get(workflow, key);
        if (!o) return { ok: true, found: false };
        const { body, ...meta } = o;
        let text: string | undefined;
        try {
          text = dec.decode(body);
        } catch {
          text = undefined;
        }
        return text === undefined
          ? { ok: true, found: true, ...meta, base64: Buffer.from(body).toString('base64') }
          : { ok: true, found: true, ...meta, text };
      }
      case 'list': {
        const prefix = typeof req.prefix === 'string' ? req.prefix : '';
        const limit =
          typeof req.limit === 'number' && req.limit > 0 ? Math.min(Math.floor(req.limit), 10_000) : 1000;
        return {
          ok: true,
          ...store.list(workflow, prefix, limit),
          usedBytes: store.used(workflow),
          quotaBytes: store.quotaBytes,
        };
      }
      case 'delete':
        return { ok: true, deleted: store.delete(workflow, key) };
      default:
        return refuse('INVALID_INPUT', 'weft_storage: op must be put, get, list or delete');
    }
  } catch (err) {
    if (err instanceof StorageRefusal) return refuse(err.code, err.message);
    return refuse('BLOCK_ERROR', `storage: ${(err as Error).message}`);
  }
}
