// Byte helpers: UTF-8, hex and base64 (RFC 4648) for AssemblyScript blocks.

/** UTF-8 bytes of a string. */
export function utf8Encode(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

/** A string from UTF-8 bytes. */
export function utf8Decode(bytes: Uint8Array): string {
  return String.UTF8.decodeUnsafe(bytes.dataStart, bytes.length);
}

/** True when the bytes are well-formed UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF). */
export function isValidUtf8(b: Uint8Array): bool {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = <i32>b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need = 0;
    let min = 0;
    if ((c & 0xe0) == 0xc0) {
      need = 1;
      min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
      need = 2;
      min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
      need = 3;
      min = 0x10000;
    } else return false;
    if (i + need >= n) return false;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const d = <i32>b[i + k];
      if ((d & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}

const HEX_DIGITS = '0123456789abcdef';

/** Lower-case hex of the bytes. */
export function toHex(bytes: Uint8Array): string {
  const parts = new Array<string>(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = <i32>bytes[i];
    parts[i] = HEX_DIGITS.charAt(b >> 4) + HEX_DIGITS.charAt(b & 15);
  }
  return parts.join('');
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with padding (RFC 4648 §4). */
export function base64Encode(bytes: Uint8Array): string {
  const n = bytes.length;
  const parts = new Array<string>((n + 2) / 3);
  let p = 0;
  for (let i = 0; i < n; i += 3) {
    const b0 = <i32>bytes[i];
    const b1 = i + 1 < n ? <i32>bytes[i + 1] : 0;
    const b2 = i + 2 < n ? <i32>bytes[i + 2] : 0;
    let chunk = B64.charAt(b0 >> 2) + B64.charAt(((b0 & 3) << 4) | (b1 >> 4));
    chunk += i + 1 < n ? B64.charAt(((b1 & 15) << 2) | (b2 >> 6)) : '=';
    chunk += i + 2 < n ? B64.charAt(b2 & 63) : '=';
    parts[p++] = chunk;
  }
  return parts.join('');
}

function b64Value(c: i32): i32 {
  if (c >= 0x41 && c <= 0x5a) return c - 0x41;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 26;
  if (c >= 0x30 && c <= 0x39) return c - 0x30 + 52;
  if (c == 0x2b || c == 0x2d) return 62; // '+' or URL-safe '-'
  if (c == 0x2f || c == 0x5f) return 63; // '/' or URL-safe '_'
  return -1;
}

/** Result of `base64Decode`: `bytes` when `ok`, else `error`. */
export class DecodeResult {
  constructor(
    public ok: bool,
    public bytes: Uint8Array,
    public error: string,
  ) {}
}

/**
 * Decodes base64 (standard or URL-safe alphabet; padding optional; ASCII whitespace ignored).
 * Any other character, or a length that cannot be base64, is an error.
 */
export function base64Decode(s: string): DecodeResult {
  const vals = new Array<i32>(0);
  let padding = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09) continue;
    if (c == 0x3d) {
      padding++;
      continue;
    }
    const v = b64Value(c);
    if (v < 0 || padding > 0) {
      const what = v < 0 ? 'invalid base64 character ' + JSONish(c) : "base64 data after '=' padding";
      return new DecodeResult(false, new Uint8Array(0), what + ' at position ' + i.toString());
    }
    vals.push(v);
  }
  const rem = vals.length % 4;
  if (rem == 1 || padding > 2 || (padding > 0 && (vals.length + padding) % 4 != 0)) {
    return new DecodeResult(false, new Uint8Array(0), 'invalid base64 length');
  }
  const out = new Uint8Array((vals.length * 3) / 4);
  let o = 0;
  for (let i = 0; i < vals.length; i += 4) {
    const left = vals.length - i;
    const a = vals[i];
    const b = left > 1 ? vals[i + 1] : 0;
    const c = left > 2 ? vals[i + 2] : 0;
    const d = left > 3 ? vals[i + 3] : 0;
    const triple = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = <u8>(triple >> 16);
    if (left > 2) out[o++] = <u8>(triple >> 8);
    if (left > 3) out[o++] = <u8>triple;
  }
  return new DecodeResult(true, out, '');
}

function JSONish(c: i32): string {
  return c >= 0x20 && c < 0x7f ? "'" + String.fromCharCode(c) + "'" : 'U+' + c.toString(16);
}
