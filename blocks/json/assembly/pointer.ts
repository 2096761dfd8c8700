// JSON Pointer (RFC 6901): parse a pointer into reference tokens, read a value, and the index rule
// for arrays. Also accepts the URI fragment form ("#/a%20b", RFC 6901 section 6).
import { Json, isValidUtf8, utf8Decode } from '@weft/block-sdk/assembly';

/** A parsed pointer, or the reason it is not one. */
export class Pointer {
  tokens: string[] = [];
  error: string = '';
}

function hexValue(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** Percent-decodes a URI fragment (UTF-8); null when an escape is malformed. */
function percentDecode(s: string): string | null {
  if (!s.includes('%')) return s;
  const raw = Uint8Array.wrap(String.UTF8.encode(s));
  const out = new Uint8Array(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const b = <i32>raw[i];
    if (b != 0x25) {
      out[n++] = <u8>b;
      continue;
    }
    if (i + 2 >= raw.length) return null;
    const h = hexValue(<i32>raw[i + 1]);
    const l = hexValue(<i32>raw[i + 2]);
    if (h < 0 || l < 0) return null;
    out[n++] = <u8>((h << 4) | l);
    i += 2;
  }
  const bytes = out.slice(0, n);
  return isValidUtf8(bytes) ? utf8Decode(bytes) : null;
}

/** Parses `text` as a JSON Pointer ("" is the whole document; otherwise it starts with "/"). */
export function parsePointer(text: string): Pointer {
  const p = new Pointer();
  let s = text;
  if (s.startsWith('#')) {
    const d = percentDecode(s.substring(1));
    if (d == null) {
      p.error = 'invalid JSON Pointer "' + text + '": bad percent-encoding';
      return p;
    }
    s = d;
  }
  if (s.length == 0) return p;
  if (!s.startsWith('/')) {
    p.error = 'invalid JSON Pointer "' + text + '": it must be empty or start with "/"';
    return p;
  }
  const parts = s.substring(1).split('/');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    let tok = '';
    for (let j = 0; j < part.length; j++) {
      const c = part.charAt(j);
      if (c != '~') {
        tok += c;
        continue;
      }
      const next = j + 1 < part.length ? part.charAt(j + 1) : '';
      if (next == '0') tok += '~';
      else if (next == '1') tok += '/';
      else {
        p.error = 'invalid JSON Pointer "' + text + '": "~" must be followed by 0 or 1';
        return p;
      }
      j++;
    }
    p.tokens.push(tok);
  }
  return p;
}

/** Escapes one reference token ("~" → "~0", "/" → "~1"). */
export function escapeToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** The array index a token names: -1 when it is not a valid index ("-" is handled by callers). */
export function arrayIndex(token: string): i32 {
  if (token.length == 0 || token.length > 9) return -1;
  if (token.length > 1 && token.charCodeAt(0) == 0x30) return -1;
  let n = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
    n = n * 10 + (c - 0x30);
  }
  return n;
}

/** The value the tokens reach in `doc`, or null when there is none. */
export function resolve(doc: Json, tokens: string[]): Json | null {
  let cur: Json = doc;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (cur.isObject()) {
      const next = cur.get(t);
      if (next == null) return null;
      cur = next;
    } else if (cur.isArray()) {
      const idx = arrayIndex(t);
      if (idx < 0) return null;
      const next = cur.at(idx);
      if (next == null) return null;
      cur = next;
    } else return null;
  }
  return cur;
}

/** Renders tokens back into a pointer. */
export function formatPointer(tokens: string[]): string {
  let s = '';
  for (let i = 0; i < tokens.length; i++) s += '/' + escapeToken(tokens[i]);
  return s;
}
