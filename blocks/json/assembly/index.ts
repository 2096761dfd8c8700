// json@1: JSON Schema validation, JSON Pointer get/set/remove (RFC 6901), JSON Patch (RFC 6902).
import { Block, Input, Json, Result, fail, ok } from '@weft/block-sdk/assembly';
import { parsePointer, resolve } from './pointer';
import { Put, applyPatch, put, remove } from './patch';
import { Validator } from './schema';

export function run(): i32 {
  return Block.run(handle);
}

const OPS = ['validate', 'get', 'set', 'remove', 'patch'];

/** `with[name]` including a JSON null (Input.value treats null as absent). */
function raw(input: Input, name: string): Json | null {
  return input.with.get(name);
}

function handle(input: Input): Result {
  const op = input.choice('op', OPS, 'get');
  if (!input.has('op')) input.reject('`op` is required: one of ' + OPS.join(', '));
  const doc = raw(input, 'document');
  if (doc == null) input.reject('`document` is required (any JSON value)');
  const needsPointer = op == 'get' || op == 'set' || op == 'remove';
  const pointerText = needsPointer ? input.requireString('pointer') : '';
  if (op == 'set' && raw(input, 'value') == null) input.reject('`value` is required for set');
  const schema = raw(input, 'schema');
  if (op == 'validate' && (schema == null || !(schema.isObject() || schema.isBool())))
    input.reject('`schema` is required for validate (a JSON Schema object or a boolean)');
  const patch = raw(input, 'patch');
  if (op == 'patch' && (patch == null || !patch.isArray()))
    input.reject('`patch` is required for patch (an array of RFC 6902 operations)');
  const bad = input.invalid();
  if (bad != null) return bad;
  const document = doc!;

  if (op == 'validate') {
    const v = new Validator(schema!);
    const errors = v.validate(document);
    if (v.schemaError.length > 0) return fail('INVALID_INPUT', 'invalid schema: ' + v.schemaError);
    const list = Json.Arr();
    for (let i = 0; i < errors.length; i++) list.push(errors[i].toJson());
    return ok(
      Json.Obj()
        .setBool('valid', errors.length == 0)
        .set('errors', list),
    );
  }
  if (op == 'patch') {
    const r = applyPatch(document, patch!);
    if (!r.ok) return fail('INVALID_INPUT', r.error);
    return ok(Json.Obj().set('value', r.doc));
  }
  const p = parsePointer(pointerText);
  if (p.error.length > 0) return fail('INVALID_INPUT', p.error);
  if (op == 'get') {
    const found = resolve(document, p.tokens);
    return ok(
      Json.Obj()
        .set('value', found == null ? Json.Null() : found)
        .setBool('found', found != null),
    );
  }
  const r = op == 'set' ? put(document, p.tokens, raw(input, 'value')!, Put.Set) : remove(document, p.tokens);
  if (!r.ok) return fail('INVALID_INPUT', op + ' "' + pointerText + '": ' + r.error);
  return ok(Json.Obj().set('value', r.doc));
}
