// JSON Patch (RFC 6902) and JSON Pointer set. Every edit builds new containers along the path and
// leaves its input untouched, so a failed patch never leaves a half-applied document.
import { Json } from '@weft/block-sdk/assembly';
import { arrayIndex, formatPointer, parsePointer, resolve } from './pointer';
import { jsonClone, jsonEqual } from './equal';

/** The outcome of an edit: the new document, or why it could not be made. */
export class Edited {
  constructor(
    public doc: Json,
    public error: string,
  ) {}
  get ok(): bool {
    return this.error.length == 0;
  }
}

/** How `put` treats the last token: RFC 6902 add, RFC 6902 replace, or pointer set. */
export enum Put {
  Add,
  Replace,
  Set,
}

let problem = '';

function copyObjectExcept(obj: Json, skip: string): Json {
  const out = Json.Obj();
  const keys = obj.keys();
  for (let i = 0; i < keys.length; i++) if (keys[i] != skip) out.set(keys[i], obj.get(keys[i])!);
  return out;
}

function withObjectMember(obj: Json, key: string, value: Json): Json {
  const out = Json.Obj();
  const keys = obj.keys();
  for (let i = 0; i < keys.length; i++) out.set(keys[i], keys[i] == key ? value : obj.get(keys[i])!);
  if (!obj.has(key)) out.set(key, value);
  return out;
}

/** A copy of `arr` with `value` inserted before `at` (replacing item `at` when `replace`). */
function withArrayItem(arr: Json, at: i32, value: Json, replace: bool): Json {
  const out = Json.Arr();
  const items = arr.items();
  for (let i = 0; i < items.length; i++) {
    if (i == at) {
      out.push(value);
      if (replace) continue;
    }
    out.push(items[i]);
  }
  if (at == items.length) out.push(value);
  return out;
}

function withoutArrayItem(arr: Json, at: i32): Json {
  const out = Json.Arr();
  const items = arr.items();
  for (let i = 0; i < items.length; i++) if (i != at) out.push(items[i]);
  return out;
}

function where(tokens: string[], upTo: i32): string {
  return '"' + formatPointer(tokens.slice(0, upTo)) + '"';
}

/** The child a token names, or null (with `problem` set) when it does not exist. */
function child(node: Json, tokens: string[], i: i32): Json | null {
  const t = tokens[i];
  if (node.isObject()) {
    const c = node.get(t);
    if (c == null) problem = 'there is no member ' + where(tokens, i + 1);
    return c;
  }
  if (node.isArray()) {
    const idx = arrayIndex(t);
    const c: Json | null = idx < 0 ? null : node.at(idx);
    if (c == null)
      problem =
        idx < 0
          ? '"' + t + '" is not an array index at ' + where(tokens, i + 1)
          : 'index ' + t + ' is past the end of the array at ' + where(tokens, i);
    return c;
  }
  problem = where(tokens, i) + ' is not an object or array';
  return null;
}

/** Replaces the child a token names (it exists: `child` found it). */
function replaceChild(node: Json, token: string, value: Json): Json {
  return node.isObject()
    ? withObjectMember(node, token, value)
    : withArrayItem(node, arrayIndex(token), value, true);
}

function putLast(parent: Json, tokens: string[], value: Json, mode: Put): Json | null {
  const i = tokens.length - 1;
  const t = tokens[i];
  if (parent.isObject()) {
    if (mode == Put.Replace && !parent.has(t)) {
      problem = 'there is no member ' + where(tokens, i + 1) + ' to replace';
      return null;
    }
    return withObjectMember(parent, t, value);
  }
  if (parent.isArray()) {
    const len = parent.length;
    const idx = t == '-' ? len : arrayIndex(t);
    if (idx < 0) {
      problem = '"' + t + '" is not an array index at ' + where(tokens, i + 1);
      return null;
    }
    const limit = mode == Put.Replace ? len - 1 : len;
    if (idx > limit) {
      problem = 'index ' + t + ' is out of range at ' + where(tokens, i) + ' (length ' + len.toString() + ')';
      return null;
    }
    if (mode == Put.Add) return withArrayItem(parent, idx, value, false);
    return withArrayItem(parent, idx, value, idx < len);
  }
  problem = where(tokens, i) + ' is not an object or array';
  return null;
}

function putAt(node: Json, tokens: string[], i: i32, value: Json, mode: Put): Json | null {
  if (i == tokens.length - 1) return putLast(node, tokens, value, mode);
  const c = child(node, tokens, i);
  if (c == null) return null;
  const updated = putAt(c, tokens, i + 1, value, mode);
  return updated == null ? null : replaceChild(node, tokens[i], updated);
}

function removeAt(node: Json, tokens: string[], i: i32): Json | null {
  const c = child(node, tokens, i);
  if (c == null) return null;
  if (i == tokens.length - 1)
    return node.isObject()
      ? copyObjectExcept(node, tokens[i])
      : withoutArrayItem(node, arrayIndex(tokens[i]));
  const updated = removeAt(c, tokens, i + 1);
  return updated == null ? null : replaceChild(node, tokens[i], updated);
}

/** Adds, replaces or sets `value` at `tokens` (the empty pointer replaces the whole document). */
export function put(doc: Json, tokens: string[], value: Json, mode: Put): Edited {
  if (tokens.length == 0) return new Edited(value, '');
  problem = '';
  const r = putAt(doc, tokens, 0, value, mode);
  return r == null ? new Edited(doc, problem) : new Edited(r, '');
}

export function remove(doc: Json, tokens: string[]): Edited {
  if (tokens.length == 0) return new Edited(doc, 'the whole document cannot be removed');
  problem = '';
  const r = removeAt(doc, tokens, 0);
  return r == null ? new Edited(doc, problem) : new Edited(r, '');
}

function pointerField(op: Json, name: string): string | null {
  const v = op.get(name);
  return v != null && v.isString() ? v.asString() : null;
}

/** Applies one RFC 6902 operation. */
function applyOne(doc: Json, op: Json): Edited {
  if (!op.isObject()) return new Edited(doc, 'it is not an object');
  const nameV = op.get('op');
  if (nameV == null || !nameV.isString()) return new Edited(doc, 'it has no "op" string');
  const name = nameV.asString();
  const pathText = pointerField(op, 'path');
  if (pathText == null) return new Edited(doc, 'it has no "path" string');
  const path = parsePointer(pathText);
  if (path.error.length > 0) return new Edited(doc, path.error);
  const needsValue = name == 'add' || name == 'replace' || name == 'test';
  const value = op.get('value');
  if (needsValue && value == null) return new Edited(doc, 'it has no "value"');
  if (name == 'add') return put(doc, path.tokens, jsonClone(value!), Put.Add);
  if (name == 'replace') {
    if (path.tokens.length > 0 && resolve(doc, path.tokens) == null)
      return new Edited(doc, 'there is no value at "' + pathText + '" to replace');
    return put(doc, path.tokens, jsonClone(value!), Put.Replace);
  }
  if (name == 'remove') return remove(doc, path.tokens);
  if (name == 'test') {
    const found = resolve(doc, path.tokens);
    if (found == null) return new Edited(doc, 'test failed: there is no value at "' + pathText + '"');
    if (!jsonEqual(found, value!))
      return new Edited(
        doc,
        'test failed: the value at "' +
          pathText +
          '" is ' +
          found.stringify() +
          ', not ' +
          value!.stringify(),
      );
    return new Edited(doc, '');
  }
  if (name == 'move' || name == 'copy') {
    const fromText = pointerField(op, 'from');
    if (fromText == null) return new Edited(doc, 'it has no "from" string');
    const from = parsePointer(fromText);
    if (from.error.length > 0) return new Edited(doc, from.error);
    const moved = resolve(doc, from.tokens);
    if (moved == null) return new Edited(doc, 'there is no value at "' + fromText + '"');
    if (name == 'copy') return put(doc, path.tokens, jsonClone(moved), Put.Add);
    const fromP = formatPointer(from.tokens);
    const toP = formatPointer(path.tokens);
    if (fromP == toP) return new Edited(doc, '');
    if (toP.startsWith(fromP + '/'))
      return new Edited(doc, 'a value cannot be moved into itself ("' + fromText + '" → "' + pathText + '")');
    const removed = remove(doc, from.tokens);
    if (!removed.ok) return removed;
    return put(removed.doc, path.tokens, moved, Put.Add);
  }
  return new Edited(doc, 'unknown op "' + name + '" (add, remove, replace, move, copy or test)');
}

/** Applies a JSON Patch document (an array of operations): all of it, or none. */
export function applyPatch(doc: Json, patch: Json): Edited {
  let cur = doc;
  const ops = patch.items();
  for (let i = 0; i < ops.length; i++) {
    const r = applyOne(cur, ops[i]);
    if (!r.ok) {
      const op = ops[i];
      let label = '';
      if (op.isObject()) {
        const n = op.get('op');
        const p = op.get('path');
        if (n != null && n.isString()) label += ' (' + n.asString();
        if (n != null && n.isString() && p != null && p.isString()) label += ' "' + p.asString() + '"';
        if (label.length > 0) label += ')';
      }
      return new Edited(doc, 'patch operation ' + i.toString() + label + ': ' + r.error);
    }
    cur = r.doc;
  }
  return new Edited(cur, '');
}
