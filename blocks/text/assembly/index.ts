// text@1: match, replace, split, upper, lower, trim, slugify (dsl-v1.md "Standard blocks").
import { Block, Input, Result, Json, fail, ok } from '@weft/block-sdk/assembly';
import { compileRegex } from './regex-compile';
import { Regex } from './regex-program';
import { Matcher } from './regex-vm';
import { slugify } from './slugify';

export function run(): i32 {
  return Block.run(handle);
}

const OPS = ['match', 'replace', 'split', 'upper', 'lower', 'trim', 'slugify'];

function handle(input: Input): Result {
  const op = input.choice('op', OPS, 'trim');
  if (!input.has('op')) input.reject('`op` is required: one of ' + OPS.join(', '));
  const text = input.requireString('text');
  const flags = input.string('flags', '');
  const needsPattern = op == 'match' || op == 'replace';
  const pattern = needsPattern ? input.requireString('pattern') : input.string('pattern', '');
  const replacement = input.string('replacement', '');
  if (op == 'replace' && !input.has('replacement'))
    input.reject('`replacement` is required for replace (use "" to delete)');
  const separator = input.string('separator', op == 'slugify' ? '-' : '');
  if (op == 'split' && !input.has('separator') && !input.has('pattern'))
    input.reject('split needs `separator` (a literal string) or `pattern` (a regular expression)');
  const bad = input.invalid();
  if (bad != null) return bad;

  if (op == 'upper') return value(Json.Str(text.toUpperCase()));
  if (op == 'lower') return value(Json.Str(text.toLowerCase()));
  if (op == 'trim') return value(Json.Str(trimSpace(text)));
  if (op == 'slugify') return value(Json.Str(slugify(text, separator)));
  if (op == 'split' && !input.has('pattern')) return value(Json.Strings(text.split(separator)));

  const re = compileRegex(pattern, flags);
  if (re.error != '') return fail('INVALID_INPUT', re.error);
  const m = new Matcher(re, text);
  let result: Json;
  if (op == 'match') result = matchAll(m);
  else if (op == 'replace') result = Json.Str(replaceAll(m, replacement));
  else result = splitBy(m);
  if (m.exhausted)
    return fail(
      'INVALID_INPUT',
      'the pattern needs too many steps on this text (nested quantifiers such as (a+)+ backtrack exponentially); simplify it',
    );
  return value(result);
}

function isSpace(c: i32): bool {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c == 0x20 ||
    c == 0xa0 ||
    c == 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c == 0x2028 ||
    c == 0x2029 ||
    c == 0x202f ||
    c == 0x205f ||
    c == 0x3000 ||
    c == 0xfeff
  );
}

/** Trims white space and line terminators at both ends (JavaScript's String.prototype.trim set). */
function trimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s.charCodeAt(a))) a++;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  return s.substring(a, b);
}

function value(v: Json): Result {
  return ok(Json.Obj().set('value', v));
}

function group(m: Matcher, g: i32): Json {
  const s = m.caps[g * 2];
  const e = m.caps[g * 2 + 1];
  return s < 0 || e < 0 ? Json.Null() : Json.Str(m.text.substring(s, e));
}

/** After a match ending at `end`: where to search next (one further after an empty match). */
function nextFrom(m: Matcher): i32 {
  const s = m.caps[0];
  const e = m.caps[1];
  return e == s ? e + 1 : e;
}

/** `[{ match, index, groups: [g1…], named: {name: …} }]`; without the g flag, at most one. */
function matchAll(m: Matcher): Json {
  const out = Json.Arr();
  const re: Regex = m.re;
  let from = 0;
  while (from <= m.text.length && m.search(from)) {
    const item = Json.Obj()
      .set('match', group(m, 0))
      .setNumber('index', <f64>m.caps[0]);
    const groups = Json.Arr();
    const named = Json.Obj();
    for (let g = 1; g <= re.groupCount; g++) {
      groups.push(group(m, g));
      if (re.groupNames[g] != '') named.set(re.groupNames[g], group(m, g));
    }
    item.set('groups', groups).set('named', named);
    out.push(item);
    if (!re.global) break;
    from = nextFrom(m);
  }
  return out;
}

function hasNamedGroups(re: Regex): bool {
  for (let g = 1; g < re.groupNames.length; g++) if (re.groupNames[g] != '') return true;
  return false;
}

/** Expands $&, $1…$99, $<name>, $$, $` and $' in a replacement (JavaScript's rules). */
function expand(m: Matcher, replacement: string, parts: string[]): void {
  const re = m.re;
  let i = 0;
  let start = 0;
  const r = replacement;
  while (i < r.length) {
    if (r.charCodeAt(i) != 0x24 || i + 1 >= r.length) {
      i++;
      continue;
    }
    const c = r.charCodeAt(i + 1);
    let text: string | null = null;
    let used = 2;
    if (c == 0x24) text = '$';
    else if (c == 0x26) text = m.text.substring(m.caps[0], m.caps[1]);
    else if (c == 0x60) text = m.text.substring(0, m.caps[0]);
    else if (c == 0x27) text = m.text.substring(m.caps[1]);
    else if (c >= 0x30 && c <= 0x39) {
      let g = c - 0x30;
      if (i + 2 < r.length) {
        const d = r.charCodeAt(i + 2);
        const two = g * 10 + (d - 0x30);
        if (d >= 0x30 && d <= 0x39 && two >= 1 && two <= re.groupCount) {
          g = two;
          used = 3;
        }
      }
      if (g >= 1 && g <= re.groupCount) {
        const v = group(m, g);
        text = v.isNull() ? '' : v.asString();
      }
    } else if (c == 0x3c) {
      const end = r.indexOf('>', i + 2);
      // As in JavaScript: only when the pattern has named groups; an unknown name gives ''.
      if (end > 0 && hasNamedGroups(re)) {
        const g = re.groupNames.indexOf(r.substring(i + 2, end));
        const v = g > 0 ? group(m, g) : Json.Null();
        text = v.isNull() ? '' : v.asString();
        used = end + 1 - i;
      }
    }
    if (text == null) {
      i++;
      continue;
    }
    if (i > start) parts.push(r.substring(start, i));
    parts.push(text);
    i += used;
    start = i;
  }
  if (start < r.length) parts.push(r.substring(start));
}

function replaceAll(m: Matcher, replacement: string): string {
  const parts: string[] = [];
  let last = 0;
  let from = 0;
  while (from <= m.text.length && m.search(from)) {
    parts.push(m.text.substring(last, m.caps[0]));
    expand(m, replacement, parts);
    last = m.caps[1];
    if (!m.re.global) break;
    from = nextFrom(m);
  }
  parts.push(m.text.substring(last));
  return parts.join('');
}

/** Splits around matches of the pattern; capture groups are kept between pieces (as in JavaScript). */
function splitBy(m: Matcher): Json {
  const out = Json.Arr();
  const n = m.text.length;
  if (n == 0) {
    if (!m.search(0)) out.push(Json.Str(''));
    return out;
  }
  let last = 0;
  let from = 0;
  while (from < n && m.search(from)) {
    const s = m.caps[0];
    const e = m.caps[1];
    if (e == s && (s == 0 || s >= n || s == last)) {
      // An empty match at an edge or right after the previous cut does not split.
      from = s + 1;
      continue;
    }
    if (s >= n) break;
    out.push(Json.Str(m.text.substring(last, s)));
    for (let g = 1; g <= m.re.groupCount; g++) out.push(group(m, g));
    last = e;
    from = e == s ? e + 1 : e;
  }
  out.push(Json.Str(m.text.substring(last)));
  return out;
}
