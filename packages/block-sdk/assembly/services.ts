// `weft_sql` and `weft_storage` (ABI.md): JSON requests answered by the host, which checks the
// block's capabilities and the workflow's permissions. Imported by a module only if it uses them.
import { Memory } from '../node_modules/@extism/as-pdk/lib/pdk';
import { length } from '../node_modules/@extism/as-pdk/lib/env';
import { Json, parseJson } from './json';
import { weft_sql, weft_storage, weft_tz } from './host';

/**
 * The host's answer: `ok` with the answer's fields in `value`, or `errorCode` / `errorMessage`
 * (PERMISSION_DENIED, INVALID_INPUT, LIMIT_EXCEEDED, TIMEOUT, BLOCK_ERROR).
 */
export class HostAnswer {
  ok: bool = false;
  value: Json = Json.Obj();
  errorCode: string = 'BLOCK_ERROR';
  errorMessage: string = 'the host did not answer';
}

/** Turns the host's answer JSON into a HostAnswer (exported for tests of the mapping). */
export function parseHostAnswer(text: string): HostAnswer {
  const a = new HostAnswer();
  const parsed = parseJson(text);
  const root = parsed.value;
  if (!parsed.ok || !root.isObject()) {
    a.errorMessage = 'the host answered with invalid JSON';
    return a;
  }
  const okv = root.get('ok');
  if (okv != null && okv.asBool()) {
    a.ok = true;
    a.value = root;
    return a;
  }
  const err = root.get('error');
  if (err != null && err.isObject()) {
    const code = err.get('code');
    if (code != null && code.isString()) a.errorCode = code.asString();
    const msg = err.get('message');
    if (msg != null && msg.isString()) a.errorMessage = msg.asString();
  }
  return a;
}

function callHost(fn: i32, request: Json): HostAnswer {
  const mem = Memory.allocateString(request.stringify());
  const offset = fn == 0 ? weft_sql(mem.offset) : fn == 1 ? weft_storage(mem.offset) : weft_tz(mem.offset);
  mem.free();
  if (offset == 0) return parseHostAnswer('');
  const out = new Memory(offset, length(offset));
  const text = out.toString();
  out.free();
  return parseHostAnswer(text);
}

export namespace sql {
  /** Runs `{ connection, sql, params, maxRows }`; the answer has columns, rows, rowCount, truncated, changes. */
  export function query(request: Json): HostAnswer {
    return callHost(0, request);
  }
}

export namespace storage {
  /** Sends `{ op: put|get|list|delete, key, text|base64, contentType, prefix, limit }`. */
  export function call(request: Json): HostAnswer {
    return callHost(1, request);
  }
}

export namespace timeZones {
  /** Sends `{ zone, instants: [epochMs…] }`; the answer has `offsets` (seconds east of UTC). */
  export function offsets(request: Json): HostAnswer {
    return callHost(2, request);
  }
}
