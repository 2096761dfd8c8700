// Structural JSON equality (RFC 6902 section 4.6): object member order does not matter, numbers
// compare by value (1 and 1.0 are equal).
import { Json } from '@weft/block-sdk/assembly';

export function jsonEqual(a: Json, b: Json): bool {
  if (a.kind != b.kind) return false;
  if (a.isNull()) return true;
  if (a.isBool()) return a.asBool() == b.asBool();
  if (a.isNumber()) return a.asNumber() == b.asNumber();
  if (a.isString()) return a.asString() == b.asString();
  if (a.isArray()) {
    const x = a.items();
    const y = b.items();
    if (x.length != y.length) return false;
    for (let i = 0; i < x.length; i++) if (!jsonEqual(x[i], y[i])) return false;
    return true;
  }
  const keys = a.keys();
  if (keys.length != b.keys().length) return false;
  for (let i = 0; i < keys.length; i++) {
    const other = b.get(keys[i]);
    if (other == null || !jsonEqual(a.get(keys[i])!, other)) return false;
  }
  return true;
}

/** A deep copy (patch operations never share structure with their input). */
export function jsonClone(v: Json): Json {
  if (v.isArray()) {
    const out = Json.Arr();
    const items = v.items();
    for (let i = 0; i < items.length; i++) out.push(jsonClone(items[i]));
    return out;
  }
  if (v.isObject()) {
    const out = Json.Obj();
    const keys = v.keys();
    for (let i = 0; i < keys.length; i++) out.set(keys[i], jsonClone(v.get(keys[i])!));
    return out;
  }
  return v;
}
