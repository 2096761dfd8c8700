// URL checks and query-string building for the http block.
import { Json, formatNumber, utf8Encode } from '@weft/block-sdk/assembly';

export class UrlResult {
  url: string = '';
  error: string = '';
}

const HEX = '0123456789ABCDEF';

/** Percent-encodes like encodeURIComponent (UTF-8; unreserved characters stay). */
export function encodeComponent(s: string): string {
  const bytes = utf8Encode(s);
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = <i32>bytes[i];
    const keep =
      (b >= 0x30 && b <= 0x39) ||
      (b >= 0x41 && b <= 0x5a) ||
      (b >= 0x61 && b <= 0x7a) ||
      b == 0x2d ||
      b == 0x5f ||
      b == 0x2e ||
      b == 0x21 ||
      b == 0x7e ||
      b == 0x2a ||
      b == 0x27 ||
      b == 0x28 ||
      b == 0x29;
    parts.push(keep ? String.fromCharCode(b) : '%' + HEX.charAt(b >> 4) + HEX.charAt(b & 15));
  }
  return parts.join('');
}

function scalar(v: Json): string | null {
  if (v.isString()) return v.asString();
  if (v.isNumber()) return formatNumber(v.asNumber());
  if (v.isBool()) return v.asBool() ? 'true' : 'false';
  return null;
}

/**
 * Checks that `url` is absolute http(s) and appends `query` (arrays repeat the key; null values
 * are left out), before any `#fragment`.
 */
export function buildUrl(url: string, query: Json): UrlResult {
  const res = new UrlResult();
  const lower = url.toLowerCase();
  const scheme = lower.startsWith('https://') ? 8 : lower.startsWith('http://') ? 7 : 0;
  if (scheme == 0) {
    res.error = '`url` must be an absolute http:// or https:// URL (got "' + url + '")';
    return res;
  }
  let hostEnd = url.length;
  for (let i = scheme; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c == 0x2f || c == 0x3f || c == 0x23) {
      hostEnd = i;
      break;
    }
  }
  if (hostEnd == scheme) {
    res.error = '`url` has no host (got "' + url + '")';
    return res;
  }
  for (let i = 0; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c <= 0x20 || c == 0x7f) {
      res.error = '`url` contains a space or control character; encode it (got "' + url + '")';
      return res;
    }
  }
  const pairs: string[] = [];
  const keys = query.keys();
  for (let k = 0; k < keys.length; k++) {
    const v = query.get(keys[k])!;
    const values: Json[] = v.isArray() ? v.items() : [v];
    for (let j = 0; j < values.length; j++) {
      if (values[j].isNull()) continue;
      const s = scalar(values[j]);
      if (s == null) {
        res.error = '`query.' + keys[k] + '` must be a string, number, boolean or an array of them';
        return res;
      }
      pairs.push(encodeComponent(keys[k]) + '=' + encodeComponent(s));
    }
  }
  if (pairs.length == 0) {
    res.url = url;
    return res;
  }
  const hash = url.indexOf('#');
  const base = hash >= 0 ? url.substring(0, hash) : url;
  const fragment = hash >= 0 ? url.substring(hash) : '';
  const q = base.indexOf('?');
  const sep = q < 0 ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  res.url = base + sep + pairs.join('&') + fragment;
  return res;
}
