// Format strings (a subset of Unicode LDML, as date-fns and Luxon use): yyyy yy M MM MMM MMMM d dd
// EEE EEEE H HH h hh a m mm s ss S… (fraction) XXX XX X xxx xx (offsets) VV (zone id), 'quoted'
// literals ('' is a quote); other letters are refused, other characters are literal.
import { Civil } from './civil';
import { Moment, pad } from './moment';
import { Reading, checkCivil } from './iso';
import { formatOffset, parseOffset } from './zone';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

class Token {
  constructor(
    public letter: string,
    public count: i32,
    public literal: string,
  ) {}
}

const KNOWN = 'yMdEHhamsSXxV';

/** Splits a pattern into tokens; sets `patternError` when a letter is not supported. */
export let patternError = '';

function isLetter(c: i32): bool {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function tokenize(pattern: string): Token[] {
  patternError = '';
  const out: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern.charAt(i);
    const code = pattern.charCodeAt(i);
    if (ch == "'") {
      let lit = '';
      i++;
      while (i < pattern.length) {
        if (pattern.charAt(i) == "'") {
          if (i + 1 < pattern.length && pattern.charAt(i + 1) == "'") {
            lit += "'";
            i += 2;
            continue;
          }
          break;
        }
        lit += pattern.charAt(i);
        i++;
      }
      i++;
      out.push(new Token('', 0, lit.length == 0 ? "'" : lit));
      continue;
    }
    if (isLetter(code)) {
      let n = 1;
      while (i + n < pattern.length && pattern.charAt(i + n) == ch) n++;
      if (!KNOWN.includes(ch)) {
        patternError = 'unsupported pattern letter "' + ch + "\" (quote literal text: 'at')";
        return out;
      }
      out.push(new Token(ch, n, ''));
      i += n;
      continue;
    }
    out.push(new Token('', 0, ch));
    i++;
  }
  return out;
}

export function formatPattern(m: Moment, pattern: string): string {
  const tokens = tokenize(pattern);
  if (patternError.length > 0) return '';
  const w = m.wall();
  let s = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const n = t.count;
    if (t.letter == '') s += t.literal;
    else if (t.letter == 'y') s += n == 2 ? pad(w.year % 100, 2) : pad(w.year, n);
    else if (t.letter == 'M')
      s += n >= 4 ? MONTHS[w.month - 1] : n == 3 ? MONTHS[w.month - 1].substring(0, 3) : pad(<i64>w.month, n);
    else if (t.letter == 'd') s += pad(<i64>w.day, n);
    else if (t.letter == 'E') s += n >= 4 ? DAYS[w.dayOfWeek() - 1] : DAYS[w.dayOfWeek() - 1].substring(0, 3);
    else if (t.letter == 'H') s += pad(<i64>w.hour, n);
    else if (t.letter == 'h') s += pad(<i64>(w.hour % 12 == 0 ? 12 : w.hour % 12), n);
    else if (t.letter == 'a') s += w.hour < 12 ? 'AM' : 'PM';
    else if (t.letter == 'm') s += pad(<i64>w.minute, n);
    else if (t.letter == 's') s += pad(<i64>w.second, n);
    else if (t.letter == 'S') {
      let f = pad(<i64>w.millisecond, 3);
      while (f.length < n) f += '0';
      s += f.substring(0, n);
    } else if (t.letter == 'X' || t.letter == 'x') {
      if (t.letter == 'X' && m.offset == 0) s += 'Z';
      else if (n == 1) s += formatOffset(m.offset, false).substring(0, m.offset % 3600 == 0 ? 3 : 5);
      else s += formatOffset(m.offset, n >= 3);
    } else if (t.letter == 'V') s += m.zone.id;
  }
  return s;
}

function readDigits(s: string, at: i32, min: i32, max: i32): i32 {
  let n = 0;
  while (n < max && at + n < s.length && s.charCodeAt(at + n) >= 48 && s.charCodeAt(at + n) <= 57) n++;
  return n >= min ? n : -1;
}

function startsWithAt(s: string, at: i32, word: string): bool {
  return s.substring(at, at + word.length).toLowerCase() == word.toLowerCase();
}

function failed(r: Reading, text: string, pattern: string, why: string): Reading {
  r.error = 'cannot read "' + text + '" as "' + pattern + '": ' + why;
  return r;
}

/** Reads `text` with `pattern`; the reading has no offset unless the pattern has X/x/VV. */
export function parsePattern(text: string, pattern: string): Reading {
  const r = new Reading();
  const tokens = tokenize(pattern);
  if (patternError.length > 0) {
    r.error = patternError;
    return r;
  }
  const c = r.civil;
  let pos = 0;
  let pm: i32 = -1;
  let hour12 = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const n = t.count;
    if (t.letter == '') {
      if (text.substring(pos, pos + t.literal.length) != t.literal)
        return failed(r, text, pattern, 'expected "' + t.literal + '" at position ' + pos.toString());
      pos += t.literal.length;
      continue;
    }
    if ((t.letter == 'M' && n >= 3) || t.letter == 'E') {
      const names = t.letter == 'M' ? MONTHS : DAYS;
      let found = -1;
      let len = 0;
      for (let k = 0; k < names.length && found < 0; k++) {
        const full = names[k];
        if (n >= 4 && startsWithAt(text, pos, full)) {
          found = k;
          len = full.length;
        } else if (n == 3 && startsWithAt(text, pos, full.substring(0, 3))) {
          found = k;
          len = 3;
        }
      }
      if (found < 0)
        return failed(
          r,
          text,
          pattern,
          'expected a ' + (t.letter == 'M' ? 'month' : 'day') + ' name at position ' + pos.toString(),
        );
      if (t.letter == 'M') c.month = found + 1;
      pos += len;
      continue;
    }
    if (t.letter == 'a') {
      if (startsWithAt(text, pos, 'AM')) pm = 0;
      else if (startsWithAt(text, pos, 'PM')) pm = 1;
      else return failed(r, text, pattern, 'expected AM or PM at position ' + pos.toString());
      pos += 2;
      continue;
    }
    if (t.letter == 'X' || t.letter == 'x') {
      if (t.letter == 'X' && (text.charAt(pos) == 'Z' || text.charAt(pos) == 'z')) {
        r.offset = 0;
        pos++;
        continue;
      }
      let end = pos + 1;
      while (
        end < text.length &&
        ((text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) || text.charAt(end) == ':')
      )
        end++;
      const off = parseOffset(text.substring(pos, end));
      if (off == i32.MIN_VALUE)
        return failed(r, text, pattern, 'expected an offset like +01:00 at position ' + pos.toString());
      r.offset = off;
      pos = end;
      continue;
    }
    if (t.letter == 'V') {
      let end = pos;
      while (
        end < text.length &&
        text.charAt(end) != ' ' &&
        text.charAt(end) != ']' &&
        text.charAt(end) != ')'
      )
        end++;
      r.zone = text.substring(pos, end);
      pos = end;
      continue;
    }
    // Numbers: a run of one letter reads exactly that many digits, a single letter 1-2 (year: 1-4).
    let width = n;
    let minW = n;
    if (n == 1) {
      minW = 1;
      width = t.letter == 'y' ? 4 : t.letter == 'S' ? 9 : 2;
    }
    if (t.letter == 'S') width = max(width, n);
    const got = readDigits(text, pos, minW, width);
    if (got < 0)
      return failed(
        r,
        text,
        pattern,
        'expected ' + minW.toString() + ' digit(s) for ' + t.letter + ' at position ' + pos.toString(),
      );
    let v: i64 = 0;
    for (let k = 0; k < got; k++) v = v * 10 + <i64>(text.charCodeAt(pos + k) - 48);
    pos += got;
    if (t.letter == 'y') c.year = n == 2 ? (v < 69 ? 2000 + v : 1900 + v) : v;
    else if (t.letter == 'M') c.month = <i32>v;
    else if (t.letter == 'd') c.day = <i32>v;
    else if (t.letter == 'H') c.hour = <i32>v;
    else if (t.letter == 'h') {
      c.hour = <i32>v;
      hour12 = true;
    } else if (t.letter == 'm') c.minute = <i32>v;
    else if (t.letter == 's') c.second = <i32>v;
    else if (t.letter == 'S') {
      let ms = v;
      for (let k = got; k < 3; k++) ms *= 10;
      for (let k = 3; k < got; k++) ms /= 10;
      c.millisecond = <i32>ms;
    }
  }
  if (pos != text.length)
    return failed(r, text, pattern, 'unexpected "' + text.substring(pos) + '" at the end');
  if (hour12) {
    if (c.hour < 1 || c.hour > 12) return failed(r, text, pattern, 'h (1-12) is ' + c.hour.toString());
    if (pm < 0) return failed(r, text, pattern, 'h needs a (AM/PM)');
    c.hour = (c.hour % 12) + (pm == 1 ? 12 : 0);
  }
  const problem = checkCivil(c);
  if (problem.length > 0) return failed(r, text, pattern, problem);
  return r;
}

export { Civil };
