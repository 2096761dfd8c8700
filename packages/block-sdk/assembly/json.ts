// A compact JSON value, parser and serializer for AssemblyScript (which has no JSON.parse).
// Objects keep their keys in insertion order; numbers are f64 and integral values print without
// a fraction, so `1` round-trips as `1`.

export enum JsonKind {
  Null,
  Bool,
  Number,
  String,
  Array,
  Object,
}

/** Maximum nesting depth the parser accepts (deeper input is rejected, never a stack overflow). */
export const MAX_JSON_DEPTH: i32 = 512;

export class Json {
  kind: JsonKind = JsonKind.Null;
  private b: bool = false;
  private n: f64 = 0;
  private s: string = '';
  private list: Json[] = [];
  private keyList: string[] = [];
  private map: Map<string, Json> = new Map<string, Json>();

  static Null(): Json {
    return new Json();
  }

  static Bool(value: bool): Json {
    const j = new Json();
    j.kind = JsonKind.Bool;
    j.b = value;
    return j;
  }

  static Num(value: f64): Json {
    const j = new Json();
    j.kind = JsonKind.Number;
    j.n = value;
    return j;
  }

  static Str(value: string): Json {
    const j = new Json();
    j.kind = JsonKind.String;
    j.s = value;
    return j;
  }

  static Arr(): Json {
    const j = new Json();
    j.kind = JsonKind.Array;
    return j;
  }

  static Obj(): Json {
    const j = new Json();
    j.kind = JsonKind.Object;
    return j;
  }

  /** A JSON array of strings. */
  static Strings(values: string[]): Json {
    const j = Json.Arr();
    for (let i = 0; i < values.length; i++) j.push(Json.Str(values[i]));
    return j;
  }

  isNull(): bool {
    return this.kind == JsonKind.Null;
  }
  isBool(): bool {
    return this.kind == JsonKind.Bool;
  }
  isNumber(): bool {
    return this.kind == JsonKind.Number;
  }
  isString(): bool {
    return this.kind == JsonKind.String;
  }
  isArray(): bool {
    return this.kind == JsonKind.Array;
  }
  isObject(): bool {
    return this.kind == JsonKind.Object;
  }

  /** The boolean value (false when this is not a boolean). */
  asBool(): bool {
    return this.b;
  }
  /** The number value (0 when this is not a number). */
  asNumber(): f64 {
    return this.n;
  }
  /** The string value ('' when this is not a string). */
  asString(): string {
    return this.s;
  }
  /** The items of an array (empty when this is not an array). */
  items(): Json[] {
    return this.list;
  }
  /** The keys of an object in insertion order (empty when this is not an object). */
  keys(): string[] {
    return this.keyList;
  }
  /** Number of items (array) or keys (object). */
  get length(): i32 {
    return this.kind == JsonKind.Object ? this.keyList.length : this.list.length;
  }

  has(key: string): bool {
    return this.map.has(key);
  }

  /** The value at `key`, or null when absent (or when this is not an object). */
  get(key: string): Json | null {
    return this.map.has(key) ? this.map.get(key) : null;
  }

  /** The item at `index`, or null when out of range. */
  at(index: i32): Json | null {
    return index >= 0 && index < this.list.length ? this.list[index] : null;
  }

  /** Sets `key` (keeps the first position of a repeated key). Returns this, for chaining. */
  set(key: string, value: Json): Json {
    if (!this.map.has(key)) this.keyList.push(key);
    this.map.set(key, value);
    return this;
  }

  setString(key: string, value: string): Json {
    return this.set(key, Json.Str(value));
  }
  setNumber(key: string, value: f64): Json {
    return this.set(key, Json.Num(value));
  }
  setBool(key: string, value: bool): Json {
    return this.set(key, Json.Bool(value));
  }

  /** Appends to an array. Returns this, for chaining. */
  push(value: Json): Json {
    this.list.push(value);
    return this;
  }

  /** Serializes to compact JSON text. */
  stringify(): string {
    const out: string[] = [];
    writeJson(this, out);
    return out.join('');
  }

  toString(): string {
    return this.stringify();
  }
}

function writeJson(v: Json, out: string[]): void {
  switch (v.kind) {
    case JsonKind.Null:
      out.push('null');
      break;
    case JsonKind.Bool:
      out.push(v.asBool() ? 'true' : 'false');
      break;
    case JsonKind.Number:
      out.push(formatNumber(v.asNumber()));
      break;
    case JsonKind.String:
      out.push(quoteJson(v.asString()));
      break;
    case JsonKind.Array: {
      const items = v.items();
      out.push('[');
      for (let i = 0; i < items.length; i++) {
        if (i > 0) out.push(',');
        writeJson(items[i], out);
      }
      out.push(']');
      break;
    }
    case JsonKind.Object: {
      const keys = v.keys();
      out.push('{');
      for (let i = 0; i < keys.length; i++) {
        if (i > 0) out.push(',');
        out.push(quoteJson(keys[i]));
        out.push(':');
        writeJson(v.get(keys[i])!, out);
      }
      out.push('}');
      break;
    }
  }
}

/** Formats a number the way JSON.stringify does for the common cases (NaN/Infinity ⇒ null). */
export function formatNumber(n: f64): string {
  if (!isFinite(n)) return 'null';
  if (n == Math.floor(n) && Math.abs(n) < 9.0e15) return (<i64>n).toString();
  const s = n.toString();
  return s.endsWith('.0') ? s.substring(0, s.length - 2) : s;
}

const HEX = '0123456789abcdef';

/** Quotes and escapes a string as a JSON string literal. */
export function quoteJson(s: string): string {
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c == 0x22 || c == 0x5c) {
      plain = false;
      break;
    }
  }
  if (plain) return '"' + s + '"';
  const parts: string[] = ['"'];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c != 0x22 && c != 0x5c) continue;
    if (i > start) parts.push(s.substring(start, i));
    start = i + 1;
    if (c == 0x22) parts.push('\\"');
    else if (c == 0x5c) parts.push('\\\\');
    else if (c == 0x0a) parts.push('\\n');
    else if (c == 0x0d) parts.push('\\r');
    else if (c == 0x09) parts.push('\\t');
    else if (c == 0x08) parts.push('\\b');
    else if (c == 0x0c) parts.push('\\f');
    else parts.push('\\u00' + HEX.charAt(c >> 4) + HEX.charAt(c & 15));
  }
  if (start < s.length) parts.push(s.substring(start));
  parts.push('"');
  return parts.join('');
}

/** The outcome of `parseJson`: `value` when `ok`, else `error` says what and where. */
export class JsonParseResult {
  constructor(
    public ok: bool,
    public value: Json,
    public error: string,
  ) {}
}

/** Parses JSON text (RFC 8259). Invalid input gives `ok == false` and an error naming the position. */
export function parseJson(text: string): JsonParseResult {
  const p = new Parser(text);
  p.skipWs();
  const v = p.value(0);
  if (p.err == null) {
    p.skipWs();
    if (p.i < text.length) p.fail('unexpected text after the JSON value');
  }
  const err = p.err;
  if (err != null) return new JsonParseResult(false, Json.Null(), err);
  return new JsonParseResult(true, v, '');
}

class Parser {
  i: i32 = 0;
  err: string | null = null;
  constructor(public s: string) {}

  fail(msg: string): Json {
    if (this.err == null) this.err = 'invalid JSON: ' + msg + ' at position ' + this.i.toString();
    return Json.Null();
  }

  skipWs(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09) this.i++;
      else break;
    }
  }

  literal(word: string, v: Json): Json {
    if (this.s.substr(this.i, word.length) != word) return this.fail('unexpected token');
    this.i += word.length;
    return v;
  }

  value(depth: i32): Json {
    if (depth > MAX_JSON_DEPTH) return this.fail('nesting deeper than ' + MAX_JSON_DEPTH.toString());
    if (this.i >= this.s.length) return this.fail('unexpected end of input');
    const c = this.s.charCodeAt(this.i);
    if (c == 0x7b) return this.object(depth);
    if (c == 0x5b) return this.array(depth);
    if (c == 0x22) {
      const str = this.string();
      return this.err == null ? Json.Str(str) : Json.Null();
    }
    if (c == 0x74) return this.literal('true', Json.Bool(true));
    if (c == 0x66) return this.literal('false', Json.Bool(false));
    if (c == 0x6e) return this.literal('null', Json.Null());
    if (c == 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    return this.fail('unexpected character ' + quoteJson(String.fromCharCode(c)));
  }

  object(depth: i32): Json {
    const obj = Json.Obj();
    this.i++; // {
    this.skipWs();
    if (this.i < this.s.length && this.s.charCodeAt(this.i) == 0x7d) {
      this.i++;
      return obj;
    }
    while (true) {
      this.skipWs();
      if (this.i >= this.s.length || this.s.charCodeAt(this.i) != 0x22)
        return this.fail('expected a string key');
      const key = this.string();
      if (this.err != null) return obj;
      this.skipWs();
      if (this.i >= this.s.length || this.s.charCodeAt(this.i) != 0x3a) return this.fail("expected ':'");
      this.i++;
      this.skipWs();
      const v = this.value(depth + 1);
      if (this.err != null) return obj;
      obj.set(key, v);
      this.skipWs();
      if (this.i >= this.s.length) return this.fail('unexpected end of input in an object');
      const c = this.s.charCodeAt(this.i++);
      if (c == 0x7d) return obj;
      if (c != 0x2c) {
        this.i--;
        return this.fail("expected ',' or '}'");
      }
    }
    return obj;
  }

  array(depth: i32): Json {
    const arr = Json.Arr();
    this.i++; // [
    this.skipWs();
    if (this.i < this.s.length && this.s.charCodeAt(this.i) == 0x5d) {
      this.i++;
      return arr;
    }
    while (true) {
      this.skipWs();
      const v = this.value(depth + 1);
      if (this.err != null) return arr;
      arr.push(v);
      this.skipWs();
      if (this.i >= this.s.length) return this.fail('unexpected end of input in an array');
      const c = this.s.charCodeAt(this.i++);
      if (c == 0x5d) return arr;
      if (c != 0x2c) {
        this.i--;
        return this.fail("expected ',' or ']'");
      }
    }
    return arr;
  }

  hex4(): i32 {
    if (this.i + 4 > this.s.length) {
      this.fail('truncated \\u escape');
      return -1;
    }
    let v = 0;
    for (let k = 0; k < 4; k++) {
      const c = this.s.charCodeAt(this.i + k);
      let d = -1;
      if (c >= 0x30 && c <= 0x39) d = c - 0x30;
      else if (c >= 0x61 && c <= 0x66) d = c - 0x61 + 10;
      else if (c >= 0x41 && c <= 0x46) d = c - 0x41 + 10;
      if (d < 0) {
        this.fail('invalid \\u escape');
        return -1;
      }
      v = (v << 4) | d;
    }
    this.i += 4;
    return v;
  }

  string(): string {
    const s = this.s;
    this.i++; // opening quote
    const parts: string[] = [];
    let start = this.i;
    while (true) {
      if (this.i >= s.length) {
        this.fail('unterminated string');
        return '';
      }
      const c = s.charCodeAt(this.i);
      if (c == 0x22) break;
      if (c < 0x20) {
        this.fail('control character in a string');
        return '';
      }
      if (c != 0x5c) {
        this.i++;
        continue;
      }
      if (this.i > start) parts.push(s.substring(start, this.i));
      this.i++;
      if (this.i >= s.length) {
        this.fail('unterminated escape');
        return '';
      }
      const e = s.charCodeAt(this.i++);
      if (e == 0x22) parts.push('"');
      else if (e == 0x5c) parts.push('\\');
      else if (e == 0x2f) parts.push('/');
      else if (e == 0x62) parts.push('\b');
      else if (e == 0x66) parts.push('\f');
      else if (e == 0x6e) parts.push('\n');
      else if (e == 0x72) parts.push('\r');
      else if (e == 0x74) parts.push('\t');
      else if (e == 0x75) {
        // UTF-16 code units go straight into the (UTF-16) string, so surrogate pairs pass as they are.
        const u = this.hex4();
        if (u < 0) return '';
        parts.push(String.fromCharCode(u));
      } else {
        this.i--;
        this.fail('invalid escape');
        return '';
      }
      start = this.i;
    }
    if (this.i > start) parts.push(s.substring(start, this.i));
    this.i++; // closing quote
    return parts.length == 1 ? parts[0] : parts.join('');
  }

  number(): Json {
    const s = this.s;
    const begin = this.i;
    if (s.charCodeAt(this.i) == 0x2d) this.i++;
    if (this.i >= s.length) return this.fail('invalid number');
    let c = s.charCodeAt(this.i);
    if (c == 0x30) {
      this.i++;
    } else if (c >= 0x31 && c <= 0x39) {
      while (this.i < s.length && isDigit(s.charCodeAt(this.i))) this.i++;
    } else {
      return this.fail('invalid number');
    }
    if (this.i < s.length && s.charCodeAt(this.i) == 0x2e) {
      this.i++;
      if (this.i >= s.length || !isDigit(s.charCodeAt(this.i))) return this.fail('invalid number');
      while (this.i < s.length && isDigit(s.charCodeAt(this.i))) this.i++;
    }
    if (this.i < s.length) {
      c = s.charCodeAt(this.i);
      if (c == 0x65 || c == 0x45) {
        this.i++;
        if (this.i < s.length) {
          c = s.charCodeAt(this.i);
          if (c == 0x2b || c == 0x2d) this.i++;
        }
        if (this.i >= s.length || !isDigit(s.charCodeAt(this.i))) return this.fail('invalid number');
        while (this.i < s.length && isDigit(s.charCodeAt(this.i))) this.i++;
      }
    }
    return Json.Num(parseFloat(s.substring(begin, this.i)));
  }
}

function isDigit(c: i32): bool {
  return c >= 0x30 && c <= 0x39;
}
