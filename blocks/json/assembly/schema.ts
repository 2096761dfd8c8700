// A JSON Schema (draft 2020-12) validator for the keywords listed in docs/blocks.md. Keywords it
// does not know are ignored, as the specification asks of unknown keywords; `format` is an
// annotation (the 2020-12 default). `$ref` resolves JSON Pointers inside the schema ("#/$defs/x").
import { Json, formatNumber } from '@weft/block-sdk/assembly';
import { compileRegex } from '../../text/assembly/regex-compile';
import { Matcher } from '../../text/assembly/regex-vm';
import { jsonEqual } from './equal';
import { escapeToken, parsePointer, resolve } from './pointer';

/** One failed assertion: where in the instance, which keyword, and why. */
export class SchemaError {
  constructor(
    public path: string,
    public keyword: string,
    public message: string,
  ) {}
  toJson(): Json {
    return Json.Obj()
      .setString('path', this.path)
      .setString('keyword', this.keyword)
      .setString('message', this.message);
  }
}

const MAX_ERRORS = 100;
const MAX_DEPTH = 200;

/** Validates instances against one root schema. `schemaError` is set when the schema itself is bad. */
export class Validator {
  schemaError: string = '';
  private depth: i32 = 0;

  constructor(public root: Json) {}

  validate(instance: Json): SchemaError[] {
    const errors: SchemaError[] = [];
    this.check(this.root, instance, '', errors);
    return errors;
  }

  private bad(message: string): void {
    if (this.schemaError.length == 0) this.schemaError = message;
  }

  /** True when `instance` is valid against `schema` (errors are recorded only into `errors`). */
  private valid(schema: Json, instance: Json, path: string): bool {
    const errors: SchemaError[] = [];
    this.check(schema, instance, path, errors);
    return errors.length == 0;
  }

  private check(schema: Json, inst: Json, path: string, errors: SchemaError[]): void {
    if (errors.length >= MAX_ERRORS || this.schemaError.length > 0) return;
    if (schema.isBool()) {
      if (!schema.asBool()) errors.push(new SchemaError(path, 'false', 'no value is allowed here'));
      return;
    }
    if (!schema.isObject()) {
      this.bad('a schema must be an object or a boolean (at a value ' + schema.stringify() + ')');
      return;
    }
    if (this.depth >= MAX_DEPTH) {
      this.bad(
        'the schema nests or refers to itself too deeply (more than ' + MAX_DEPTH.toString() + ' levels)',
      );
      return;
    }
    this.depth++;
    const ref = schema.get('$ref');
    if (ref != null) this.checkRef(ref, inst, path, errors);
    this.checkGeneric(schema, inst, path, errors);
    if (inst.isNumber()) this.checkNumber(schema, inst.asNumber(), path, errors);
    else if (inst.isString()) this.checkString(schema, inst.asString(), path, errors);
    else if (inst.isArray()) this.checkArray(schema, inst, path, errors);
    else if (inst.isObject()) this.checkObject(schema, inst, path, errors);
    this.checkCombinators(schema, inst, path, errors);
    this.depth--;
  }

  private checkRef(ref: Json, inst: Json, path: string, errors: SchemaError[]): void {
    const text = ref.asString();
    if (!ref.isString() || !text.startsWith('#')) {
      this.bad(
        'only "$ref" to a JSON Pointer inside the schema ("#/$defs/name") is supported, not ' +
          ref.stringify(),
      );
      return;
    }
    const p = parsePointer(text);
    const target: Json | null = p.error.length > 0 ? null : resolve(this.root, p.tokens);
    if (target == null) {
      this.bad('"$ref" ' + ref.stringify() + ' does not point into the schema');
      return;
    }
    this.check(target, inst, path, errors);
  }

  private checkGeneric(schema: Json, inst: Json, path: string, errors: SchemaError[]): void {
    const type = schema.get('type');
    if (type != null) {
      let matched = false;
      if (type.isString()) matched = hasType(inst, type.asString());
      else {
        const types = type.items();
        for (let i = 0; i < types.length; i++) if (hasType(inst, types[i].asString())) matched = true;
      }
      if (!matched)
        errors.push(new SchemaError(path, 'type', 'must be ' + typeList(type) + ', not ' + typeOf(inst)));
    }
    const en = schema.get('enum');
    if (en != null) {
      const options = en.items();
      let found = false;
      for (let i = 0; i < options.length && !found; i++) if (jsonEqual(options[i], inst)) found = true;
      if (!found) errors.push(new SchemaError(path, 'enum', 'must be one of ' + en.stringify()));
    }
    const c = schema.get('const');
    if (c != null && !jsonEqual(c, inst))
      errors.push(new SchemaError(path, 'const', 'must be ' + c.stringify()));
  }

  private checkNumber(schema: Json, n: f64, path: string, errors: SchemaError[]): void {
    const min = num(schema, 'minimum');
    if (!isNaN(min) && n < min)
      errors.push(new SchemaError(path, 'minimum', 'must be ≥ ' + formatNumber(min)));
    const max = num(schema, 'maximum');
    if (!isNaN(max) && n > max)
      errors.push(new SchemaError(path, 'maximum', 'must be ≤ ' + formatNumber(max)));
    const xmin = num(schema, 'exclusiveMinimum');
    if (!isNaN(xmin) && n <= xmin)
      errors.push(new SchemaError(path, 'exclusiveMinimum', 'must be > ' + formatNumber(xmin)));
    const xmax = num(schema, 'exclusiveMaximum');
    if (!isNaN(xmax) && n >= xmax)
      errors.push(new SchemaError(path, 'exclusiveMaximum', 'must be < ' + formatNumber(xmax)));
    const mult = num(schema, 'multipleOf');
    if (!isNaN(mult) && mult > 0) {
      const q = n / mult;
      if (!isFinite(q) || Math.abs(q - Math.round(q)) > 1e-9 * Math.max(1, Math.abs(q)))
        errors.push(new SchemaError(path, 'multipleOf', 'must be a multiple of ' + formatNumber(mult)));
    }
  }

  private checkString(schema: Json, s: string, path: string, errors: SchemaError[]): void {
    const len = codePoints(s);
    const minL = num(schema, 'minLength');
    if (!isNaN(minL) && <f64>len < minL)
      errors.push(
        new SchemaError(path, 'minLength', 'must be at least ' + formatNumber(minL) + ' characters'),
      );
    const maxL = num(schema, 'maxLength');
    if (!isNaN(maxL) && <f64>len > maxL)
      errors.push(
        new SchemaError(path, 'maxLength', 'must be at most ' + formatNumber(maxL) + ' characters'),
      );
    const pattern = schema.get('pattern');
    if (pattern != null && pattern.isString()) {
      const m = this.matches(pattern.asString(), s);
      if (m == 0)
        errors.push(new SchemaError(path, 'pattern', 'must match the pattern ' + pattern.stringify()));
    }
  }

  /** 1 when `s` matches the regular expression, 0 when not, -1 when the pattern is bad. */
  private matches(pattern: string, s: string): i32 {
    const re = compileRegex(pattern, '');
    if (re.error != '') {
      this.bad('invalid pattern ' + pattern + ': ' + re.error);
      return -1;
    }
    const m = new Matcher(re, s);
    return m.search(0) ? 1 : 0;
  }

  private checkArray(schema: Json, arr: Json, path: string, errors: SchemaError[]): void {
    const items = arr.items();
    const minI = num(schema, 'minItems');
    if (!isNaN(minI) && <f64>items.length < minI)
      errors.push(new SchemaError(path, 'minItems', 'must have at least ' + formatNumber(minI) + ' items'));
    const maxI = num(schema, 'maxItems');
    if (!isNaN(maxI) && <f64>items.length > maxI)
      errors.push(new SchemaError(path, 'maxItems', 'must have at most ' + formatNumber(maxI) + ' items'));
    const unique = schema.get('uniqueItems');
    if (unique != null && unique.asBool()) {
      for (let i = 0; i < items.length; i++)
        for (let j = i + 1; j < items.length; j++)
          if (jsonEqual(items[i], items[j])) {
            errors.push(
              new SchemaError(
                path,
                'uniqueItems',
                'items ' + i.toString() + ' and ' + j.toString() + ' are equal',
              ),
            );
            i = items.length;
            break;
          }
    }
    let first = 0;
    const prefix = schema.get('prefixItems');
    if (prefix != null) {
      const ps = prefix.items();
      for (let i = 0; i < ps.length && i < items.length; i++)
        this.check(ps[i], items[i], path + '/' + i.toString(), errors);
      first = ps.length;
    }
    const each = schema.get('items');
    if (each != null) {
      if (each.isArray()) {
        this.bad('"items" must be a schema in draft 2020-12 (use "prefixItems" for a tuple)');
        return;
      }
      for (let i = first; i < items.length; i++)
        this.check(each, items[i], path + '/' + i.toString(), errors);
    }
    const contains = schema.get('contains');
    if (contains != null) {
      let count = 0;
      for (let i = 0; i < items.length; i++)
        if (this.valid(contains, items[i], path + '/' + i.toString())) count++;
      const minC = num(schema, 'minContains');
      const maxC = num(schema, 'maxContains');
      const least = isNaN(minC) ? 1 : minC;
      if (<f64>count < least)
        errors.push(
          new SchemaError(
            path,
            least == 1 && isNaN(minC) ? 'contains' : 'minContains',
            'must contain at least ' + formatNumber(least) + ' matching items',
          ),
        );
      if (!isNaN(maxC) && <f64>count > maxC)
        errors.push(
          new SchemaError(
            path,
            'maxContains',
            'must contain at most ' + formatNumber(maxC) + ' matching items',
          ),
        );
    }
  }

  private checkObject(schema: Json, obj: Json, path: string, errors: SchemaError[]): void {
    const keys = obj.keys();
    const minP = num(schema, 'minProperties');
    if (!isNaN(minP) && <f64>keys.length < minP)
      errors.push(
        new SchemaError(path, 'minProperties', 'must have at least ' + formatNumber(minP) + ' properties'),
      );
    const maxP = num(schema, 'maxProperties');
    if (!isNaN(maxP) && <f64>keys.length > maxP)
      errors.push(
        new SchemaError(path, 'maxProperties', 'must have at most ' + formatNumber(maxP) + ' properties'),
      );
    const required = schema.get('required');
    if (required != null) {
      const names = required.items();
      for (let i = 0; i < names.length; i++)
        if (!obj.has(names[i].asString()))
          errors.push(
            new SchemaError(path, 'required', 'must have the property "' + names[i].asString() + '"'),
          );
    }
    const depReq = schema.get('dependentRequired');
    if (depReq != null && depReq.isObject()) {
      const ks = depReq.keys();
      for (let i = 0; i < ks.length; i++) {
        if (!obj.has(ks[i])) continue;
        const needs = depReq.get(ks[i])!.items();
        for (let j = 0; j < needs.length; j++)
          if (!obj.has(needs[j].asString()))
            errors.push(
              new SchemaError(
                path,
                'dependentRequired',
                'must have "' + needs[j].asString() + '" when it has "' + ks[i] + '"',
              ),
            );
      }
    }
    const props = schema.get('properties');
    const patterns = schema.get('patternProperties');
    const additional = schema.get('additionalProperties');
    const names = schema.get('propertyNames');
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const v = obj.get(k)!;
      const at = path + '/' + escapeToken(k);
      let known = false;
      if (props != null && props.has(k)) {
        known = true;
        this.check(props.get(k)!, v, at, errors);
      }
      if (patterns != null && patterns.isObject()) {
        const ps = patterns.keys();
        for (let j = 0; j < ps.length; j++) {
          const m = this.matches(ps[j], k);
          if (m == 1) {
            known = true;
            this.check(patterns.get(ps[j])!, v, at, errors);
          }
        }
      }
      if (!known && additional != null) {
        if (additional.isBool() && !additional.asBool())
          errors.push(
            new SchemaError(path, 'additionalProperties', 'must not have the property "' + k + '"'),
          );
        else this.check(additional, v, at, errors);
      }
      if (names != null && !this.valid(names, Json.Str(k), at))
        errors.push(new SchemaError(path, 'propertyNames', 'the property name "' + k + '" is not allowed'));
    }
  }

  private checkCombinators(schema: Json, inst: Json, path: string, errors: SchemaError[]): void {
    const all = schema.get('allOf');
    if (all != null) {
      const ss = all.items();
      for (let i = 0; i < ss.length; i++) this.check(ss[i], inst, path, errors);
    }
    const any = schema.get('anyOf');
    if (any != null) {
      const ss = any.items();
      let ok = false;
      for (let i = 0; i < ss.length && !ok; i++) if (this.valid(ss[i], inst, path)) ok = true;
      if (!ok) errors.push(new SchemaError(path, 'anyOf', 'must match at least one schema in anyOf'));
    }
    const one = schema.get('oneOf');
    if (one != null) {
      const ss = one.items();
      let n = 0;
      for (let i = 0; i < ss.length; i++) if (this.valid(ss[i], inst, path)) n++;
      if (n != 1)
        errors.push(
          new SchemaError(
            path,
            'oneOf',
            'must match exactly one schema in oneOf (matched ' + n.toString() + ')',
          ),
        );
    }
    const not = schema.get('not');
    if (not != null && this.valid(not, inst, path))
      errors.push(new SchemaError(path, 'not', 'must not match the schema in "not"'));
    const cond = schema.get('if');
    if (cond != null) {
      const branch = this.valid(cond, inst, path) ? schema.get('then') : schema.get('else');
      if (branch != null) this.check(branch, inst, path, errors);
    }
    const depSchemas = schema.get('dependentSchemas');
    if (depSchemas != null && depSchemas.isObject() && inst.isObject()) {
      const ks = depSchemas.keys();
      for (let i = 0; i < ks.length; i++)
        if (inst.has(ks[i])) this.check(depSchemas.get(ks[i])!, inst, path, errors);
    }
  }
}

function num(schema: Json, key: string): f64 {
  const v = schema.get(key);
  return v != null && v.isNumber() ? v.asNumber() : NaN;
}

function hasType(v: Json, t: string): bool {
  if (t == 'null') return v.isNull();
  if (t == 'boolean') return v.isBool();
  if (t == 'number') return v.isNumber();
  if (t == 'integer')
    return v.isNumber() && isFinite(v.asNumber()) && Math.floor(v.asNumber()) == v.asNumber();
  if (t == 'string') return v.isString();
  if (t == 'array') return v.isArray();
  if (t == 'object') return v.isObject();
  return false;
}

function typeOf(v: Json): string {
  if (v.isNull()) return 'null';
  if (v.isBool()) return 'boolean';
  if (v.isNumber()) return hasType(v, 'integer') ? 'integer' : 'number';
  if (v.isString()) return 'string';
  if (v.isArray()) return 'array';
  return 'object';
}

function typeList(t: Json): string {
  if (t.isString()) return t.asString();
  const names: string[] = [];
  const ts = t.items();
  for (let i = 0; i < ts.length; i++) names.push(ts[i].asString());
  return names.join(' or ');
}

/** Length in Unicode code points (what JSON Schema's minLength/maxLength count). */
function codePoints(s: string): i32 {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
