// storage@1: put, get, list and delete objects in the workflow's own store (the host scopes every
// key to the calling workflow and enforces the quota; keys are names, never host paths).
import { Block, Input, Json, Result, Retry, fail, ok, parseJson, storage } from '@weft/block-sdk/assembly';

export function run(): i32 {
  return Block.run(handle);
}

const OPS = ['put', 'get', 'list', 'delete'];

function handle(input: Input): Result {
  const op = input.choice('op', OPS, 'get');
  if (!input.has('op')) input.reject('`op` is required: one of ' + OPS.join(', '));
  const key = op == 'list' ? '' : input.requireString('key');
  const hasValue = input.with.get('value') != null;
  const hasText = input.has('text');
  const hasB64 = input.has('base64');
  const text = input.string('text', '');
  const b64 = input.string('base64', '');
  const prefix = input.string('prefix', '');
  const limit = input.number('limit', 1000);
  const n = (hasValue ? 1 : 0) + (hasText ? 1 : 0) + (hasB64 ? 1 : 0);
  if (op == 'put' && n != 1) input.reject('put needs exactly one of `value` (JSON), `text` or `base64`');
  const bad = input.invalid();
  if (bad != null) return bad;

  const req = Json.Obj().setString('op', op);
  if (op != 'list') req.setString('key', key);
  if (op == 'list') req.setString('prefix', prefix).setNumber('limit', limit);
  if (op == 'put') {
    if (hasValue)
      req
        .setString('text', input.with.get('value')!.stringify())
        .setString('contentType', 'application/json');
    else if (hasText)
      req
        .setString('text', text)
        .setString('contentType', input.string('contentType', 'text/plain; charset=utf-8'));
    else
      req
        .setString('base64', b64)
        .setString('contentType', input.string('contentType', 'application/octet-stream'));
  }
  const answer = storage.call(req);
  if (!answer.ok) {
    const code = answer.errorCode;
    const retry = code == 'BLOCK_ERROR' ? Retry.Default : Retry.No;
    return fail(code, answer.errorMessage, retry);
  }
  const a = answer.value;
  if (op == 'get') return ok(getOutput(a));
  const out = Json.Obj();
  const keys =
    op == 'put'
      ? ['key', 'size', 'contentType', 'updatedAt', 'usedBytes', 'quotaBytes']
      : op == 'list'
        ? ['objects', 'truncated', 'usedBytes', 'quotaBytes']
        : ['deleted'];
  for (let i = 0; i < keys.length; i++) {
    const v = a.get(keys[i]);
    if (v != null) out.set(keys[i], v);
  }
  return ok(out);
}

/** `{ found, value|text|base64, contentType, size, updatedAt }`: JSON objects come back as values. */
function getOutput(a: Json): Json {
  const out = Json.Obj();
  const found = a.get('found');
  const isFound = found != null && found.asBool();
  out.setBool('found', isFound);
  if (!isFound) return out;
  const type = a.get('contentType');
  const contentType = type != null ? type.asString() : '';
  const text = a.get('text');
  if (text != null && contentType.startsWith('application/json')) {
    const parsed = parseJson(text.asString());
    if (parsed.ok) out.set('value', parsed.value);
    else out.set('text', text);
  } else if (text != null) out.set('text', text);
  const b64 = a.get('base64');
  if (b64 != null) out.set('base64', b64);
  const meta = ['contentType', 'size', 'updatedAt'];
  for (let i = 0; i < meta.length; i++) {
    const v = a.get(meta[i]);
    if (v != null) out.set(meta[i], v);
  }
  return out;
}
