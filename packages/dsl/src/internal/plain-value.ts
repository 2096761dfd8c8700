/**
 * The plain value of a workflow file written the usual way, read without the yaml library: block
 * maps and lists, one-line flow collections, plain and one-line quoted scalars, comments. It is
 * what the studio's worker draws a large file from when it opens (a 500-step file: ~10 ms where
 * yaml's lexer, parser, composer and `toJS` take ~250 ms of a cold thread).
 *
 * It answers only where the answer is certain to be what `loadYaml(text).value` is, with no
 * diagnostics: anything else (anchors, aliases, tags, block scalars, multi-line scalars or flow
 * collections, `?` keys, directives or `---`, tabs, CR, binary, a key that is not a plain string,
 * a duplicate key, `__proto__` or `<<`, any layout it is not sure of) gives `undefined`, and the
 * caller parses the file with yaml. Scalars resolve as yaml's core schema (YAML 1.2) resolves them.
 * plain-value.test.ts holds it to yaml on the fixtures and on thousands of mutated files.
 */

/** Thrown inside the reader when the file is not one it can read with certainty. */
const NOT_SURE: unique symbol = Symbol('not sure');

// C0 controls other than LF (tab and CR too: the reader leaves those files to yaml), and DEL.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNREAD = /[\u0000-\u0009\u000B-\u001F\u007F\uFEFF]/;
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
/** Escapes a YAML double-quoted scalar shares with JSON (anything else is left to yaml). */
const JSON_ESCAPES = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/g;
/** Characters a plain scalar may not start with (in block context; flow adds `,[]{}`). */
const PLAIN_START_BAD = new Set([
  '#',
  '&',
  '*',
  '!',
  '|',
  '>',
  "'",
  '"',
  '%',
  '@',
  '`',
  ',',
  '[',
  ']',
  '{',
  '}',
]);

/** A plain scalar as yaml's core schema resolves it (the first of its tags whose test matches). */
export function coreScalar(s: string): unknown {
  if (NULL.test(s)) return null;
  if (BOOL.test(s)) return s[0] === 't' || s[0] === 'T';
  if (INT_OCT.test(s)) return parseInt(s.substring(2), 8);
  if (INT.test(s)) return parseInt(s, 10);
  if (INT_HEX.test(s)) return parseInt(s.substring(2), 16);
  if (FLOAT_SPECIAL.test(s))
    return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity;
  if (FLOAT_EXP.test(s) || FLOAT.test(s)) return parseFloat(s);
  return s;
}

/**
 * The plain value of `text` (`{ value }`), or `undefined` when the file is not one this reader is
 * sure of. `maxDepth` and `maxChars` are loadYaml's limits: a file near them is left to yaml.
 */
export function plainYamlValue(
  text: string,
  { maxDepth = 64, maxChars = 1024 * 1024 }: { maxDepth?: number; maxChars?: number } = {},
): { value: unknown } | undefined {
  if (text.length > maxChars || UNREAD.test(text)) return undefined;
  try {
    return { value: new Reader(text, maxDepth).document() };
  } catch (e) {
    if (e === NOT_SURE) return undefined;
    throw e;
  }
}

function notSure(): never {
  throw NOT_SURE;
}

/** A line with content: its indent and where its content starts and ends (before the newline). */
interface Line {
  indent: number;
  start: number;
  end: number;
}

class Reader {
  private readonly lines: Line[] = [];
  private li = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {
    let at = 0;
    while (at <= text.length) {
      let end = text.indexOf('\n', at);
      if (end < 0) end = text.length;
      let start = at;
      while (start < end && text.charCodeAt(start) === 32) start++;
      // Blank and comment-only lines carry nothing (a comment deeper than its block is one too).
      if (start < end && text[start] !== '#') {
        if (start === at && /^(?:---|\.\.\.)(?:[ ]|$)|^%/.test(text.slice(at, at + 4))) notSure();
        this.lines.push({ indent: start - at, start, end });
      }
      at = end + 1;
    }
  }

  document(): unknown {
    const first = this.lines[0];
    // A file of one map at the margin; an empty file, a top-level list or scalar is left to yaml.
    if (!first || first.indent !== 0 || this.isItem(first, first.start)) notSure();
    const value = this.map(0, first.start, 1);
    if (this.li < this.lines.length) notSure();
    return value;
  }

  private char(i: number): string {
    return this.text[i] ?? '';
  }

  /** Whether `at` starts a list item (`-` then a space or the line's end). */
  private isItem(line: Line, at: number): boolean {
    return this.char(at) === '-' && (at + 1 === line.end || this.char(at + 1) === ' ');
  }

  private skipSpaces(at: number, end: number): number {
    while (at < end && this.text.charCodeAt(at) === 32) at++;
    return at;
  }

  /** Nothing more on the line but spaces and a comment. */
  private lineRestEmpty(at: number, end: number): boolean {
    const next = this.skipSpaces(at, end);
    return next === end || (next > at && this.char(next) === '#');
  }

  /** A block map whose keys sit at column `indent`, its first key at `at` on the current line. */
  private map(indent: number, at: number, depth: number): Record<string, unknown> {
    if (depth > this.maxDepth - 4) notSure();
    const out: Record<string, unknown> = {};
    for (;;) {
      const line = this.lines[this.li] as Line;
      const { key, after } = this.key(line, at);
      if (Object.prototype.hasOwnProperty.call(out, key)) notSure();
      out[key] = this.valueAfter(line, after, indent, depth + 1, true);
      const next = this.lines[this.li];
      if (!next || next.indent < indent) return out;
      if (next.indent > indent || this.isItem(next, next.start)) notSure();
      at = next.start;
    }
  }

  /** A block list whose dashes sit at column `indent`, starting on the current line. */
  private list(indent: number, depth: number): unknown[] {
    if (depth > this.maxDepth - 4) notSure();
    const out: unknown[] = [];
    for (;;) {
      const line = this.lines[this.li] as Line;
      const at = this.skipSpaces(line.start + 1, line.end);
      if (at < line.end && this.char(at) !== '#' && this.isItem(line, at)) notSure(); // `- - x`
      if (at < line.end && this.char(at) !== '#' && this.entryAhead(line, at))
        out.push(this.map(at - (line.start - line.indent), at, depth + 1));
      else out.push(this.valueAfter(line, at, indent, depth + 1, false));
      const next = this.lines[this.li];
      if (!next || next.indent < indent) return out;
      if (next.indent > indent) notSure();
      // A map key at the dashes' column ends a list that is a map's value at that column (anywhere
      // else, the map around the list finds the line out of place).
      if (!this.isItem(next, next.start)) return out;
    }
  }

  /**
   * The value that starts at `at` on `line` (after a key's colon or a dash), or on the lines below
   * it when the line has nothing more. Moves past the lines it takes.
   */
  private valueAfter(line: Line, at: number, indent: number, depth: number, inMap: boolean): unknown {
    at = this.skipSpaces(at, line.end);
    if (at === line.end || this.char(at) === '#') {
      if (this.char(at) === '#' && this.char(at - 1) !== ' ') notSure();
      this.li++;
      const next = this.lines[this.li];
      if (!next) return null;
      if (inMap && next.indent === indent && this.isItem(next, next.start)) return this.list(indent, depth);
      if (next.indent <= indent) return null;
      if (this.isItem(next, next.start)) return this.list(next.indent, depth);
      if (this.entryAhead(next, next.start)) return this.map(next.indent, next.start, depth);
      return notSure(); // a scalar on lines of its own
    }
    const c = this.char(at);
    if (c === '|' || c === '>') return this.block(line, at, indent);
    let value: unknown;
    let end: number;
    if (c === '[' || c === '{') [value, end] = this.flow(at, line.end, depth);
    else if (c === '"' || c === "'") [value, end] = this.quoted(at, line.end);
    else [value, end] = this.plain(at, line.end);
    if (!this.lineRestEmpty(end, line.end)) notSure();
    this.li++;
    // A deeper line after a value on the key's line continues it, or is an error: yaml reads those.
    const next = this.lines[this.li];
    if (next && next.indent > indent) notSure();
    return value;
  }

  /**
   * A literal (`|`, `|-`) or folded (`>`, `>-`) block scalar whose header is at `at`, its lines
   * deeper than `indent`. Left to yaml: `+` chomping, an indentation indicator, blank lines before
   * the first line or with more spaces than the block's indent, folded lines indented deeper than
   * the first, a block that ends the file without a newline. Moves past the lines it takes.
   */
  private block(line: Line, at: number, indent: number): string {
    const { text } = this;
    const folded = this.char(at) === '>';
    let h = at + 1;
    const strip = this.char(h) === '-';
    if (strip) h++;
    if (!this.lineRestEmpty(h, line.end) || (h < line.end && this.char(h) !== ' ')) notSure();
    const parts: string[] = [];
    let blockIndent = -1;
    let blanks = 0;
    let lastDeeper = false;
    let at2 = line.end + 1;
    let end = line.end;
    while (at2 <= text.length) {
      let e = text.indexOf('\n', at2);
      if (e < 0) e = text.length;
      let c = at2;
      while (c < e && text.charCodeAt(c) === 32) c++;
      if (c === e) {
        // A blank line: inside the block only (spaces beyond its indent would be content).
        if (blockIndent < 0 || c - at2 > blockIndent) notSure();
        if (e === text.length) break;
        blanks++;
        at2 = e + 1;
        continue;
      }
      const lineIndent = c - at2;
      if (blockIndent < 0) {
        if (lineIndent <= indent) notSure(); // an empty block
        blockIndent = lineIndent;
      } else if (lineIndent < blockIndent) break;
      if (e === text.length) notSure(); // no newline after its last line
      const content = text.slice(at2 + blockIndent, e);
      const deeper = lineIndent > blockIndent;
      if (parts.length === 0) parts.push(content);
      // Folded: a line break between two lines at the block's indent is a space (blank lines
      // between them, one newline each); next to a deeper line it is kept, as in a literal block.
      else if (folded && !deeper && !lastDeeper)
        parts.push(blanks === 0 ? ' ' : '\n'.repeat(blanks), content);
      else parts.push('\n'.repeat(blanks + 1), content);
      lastDeeper = deeper;
      blanks = 0;
      end = e;
      at2 = e + 1;
    }
    if (blockIndent < 0) notSure();
    while (this.li < this.lines.length && (this.lines[this.li] as Line).start <= end) this.li++;
    const next = this.lines[this.li];
    if (next && next.indent > indent) notSure();
    return parts.join('') + (strip ? '' : '\n');
  }

  /** Whether `at` starts `key:` followed by a space or the line's end. */
  private entryAhead(line: Line, at: number): boolean {
    const c = this.char(at);
    if (c === '[' || c === '{') return false; // a flow value (a flow key, `[a]: b`, is left to yaml)
    if (c === '"' || c === "'") {
      const [, end] = this.quoted(at, line.end);
      return this.char(end) === ':' && (end + 1 === line.end || this.char(end + 1) === ' ');
    }
    return this.colonAt(line, at) >= 0;
  }

  /** Where a plain key that starts at `at` ends at its colon, or -1 (no key before a comment or the end). */
  private colonAt(line: Line, at: number): number {
    for (let i = at; i < line.end; i++) {
      const c = this.char(i);
      if (c === '#' && this.char(i - 1) === ' ') return -1;
      if (c === ':' && (i + 1 === line.end || this.char(i + 1) === ' ')) return i;
    }
    return -1;
  }

  private key(line: Line, at: number): { key: string; after: number } {
    const c = this.char(at);
    let key: string;
    let colon: number;
    if (c === '"' || c === "'") {
      const [value, end] = this.quoted(at, line.end);
      key = value;
      colon = end;
    } else {
      colon = this.colonAt(line, at);
      if (colon < 0) notSure();
      key = this.text.slice(at, colon).trimEnd();
      if (!this.plainStart(key, false) || /[#[\]{},]/.test(key)) notSure();
      if (typeof coreScalar(key) !== 'string') notSure();
    }
    if (this.char(colon) !== ':' || (colon + 1 < line.end && this.char(colon + 1) !== ' ')) notSure();
    if (key.length > 1000 || key === '__proto__' || key === '<<') notSure();
    return { key, after: colon + 1 };
  }

  /** Whether a plain scalar may start with `s` (yaml's indicator rules, read strictly). */
  private plainStart(s: string, flow: boolean): boolean {
    const c = s[0];
    if (c === undefined || PLAIN_START_BAD.has(c)) return false;
    if (
      (c === '-' || c === '?' || c === ':') &&
      (s.length === 1 || s[1] === ' ' || (flow && ',[]{}'.includes(s[1] as string)))
    )
      return false;
    return true;
  }

  /** A plain scalar in a block: to the line's end or a comment. */
  private plain(at: number, end: number): [unknown, number] {
    let stop = end;
    for (let i = at; i < end; i++)
      if (this.char(i) === '#' && this.char(i - 1) === ' ') {
        stop = i;
        break;
      }
    const s = this.text.slice(at, stop).trimEnd();
    if (!this.plainStart(s, false) || s.includes(': ') || s.endsWith(':')) notSure();
    return [coreScalar(s), at + s.length];
  }

  /** A quoted scalar that ends on its line: its string and the index after its closing quote. */
  private quoted(at: number, end: number): [string, number] {
    const q = this.char(at);
    if (q === "'") {
      let s = '';
      for (let i = at + 1; i < end; i++) {
        const c = this.char(i);
        if (c !== "'") s += c;
        else if (this.char(i + 1) === "'") {
          s += "'";
          i++;
        } else return [s, i + 1];
      }
      return notSure();
    }
    for (let i = at + 1; i < end; i++) {
      const c = this.char(i);
      if (c === '\\') i++;
      else if (c === '"') {
        const body = this.text.slice(at + 1, i);
        if (body.includes('\\') && body.replace(JSON_ESCAPES, '').includes('\\')) notSure();
        return [JSON.parse(`"${body}"`) as string, i + 1];
      }
    }
    return notSure();
  }

  /** A flow collection that ends on its line: its value and the index after its closing bracket. */
  private flow(at: number, end: number, depth: number): [unknown, number] {
    if (depth > this.maxDepth - 4) notSure();
    const open = this.char(at);
    const close = open === '[' ? ']' : '}';
    const list: unknown[] = [];
    const map: Record<string, unknown> = {};
    let i = this.skipSpaces(at + 1, end);
    if (this.char(i) === close) return [open === '[' ? list : map, i + 1];
    for (;;) {
      if (open === '[') {
        const [value, next] = this.flowValue(i, end, depth + 1);
        list.push(value);
        i = next;
      } else {
        const [key, afterKey] = this.flowKey(i, end);
        if (Object.prototype.hasOwnProperty.call(map, key)) notSure();
        const [value, next] = this.flowValue(this.skipSpaces(afterKey, end), end, depth + 1);
        map[key] = value;
        i = next;
      }
      i = this.skipSpaces(i, end);
      const c = this.char(i);
      if (c === close) return [open === '[' ? list : map, i + 1];
      if (c !== ',' || i >= end) notSure();
      i = this.skipSpaces(i + 1, end);
      if (i >= end || this.char(i) === close || this.char(i) === ',') notSure();
    }
  }

  /** A key of a flow map and the index after its `: `. */
  private flowKey(at: number, end: number): [string, number] {
    let key: string;
    let i: number;
    const c = this.char(at);
    if (c === '"' || c === "'") [key, i] = this.quoted(at, end);
    else {
      const [value, next] = this.flowPlain(at, end);
      if (typeof value !== 'string') notSure();
      key = value;
      i = next;
    }
    if (this.char(i) !== ':' || this.char(i + 1) !== ' ') notSure();
    if (key.length > 1000 || key === '__proto__' || key === '<<') notSure();
    return [key, i + 1];
  }

  private flowValue(at: number, end: number, depth: number): [unknown, number] {
    const c = this.char(at);
    if (c === '[' || c === '{') return this.flow(at, end, depth);
    if (c === '"' || c === "'") {
      const [value, next] = this.quoted(at, end);
      if (this.char(this.skipSpaces(next, end)) === ':') notSure(); // a one-pair map in a list
      return [value, next];
    }
    const [value, next] = this.flowPlain(at, end);
    if (this.char(next) === ':') notSure();
    return [value, next];
  }

  /** A plain scalar in a flow collection: up to `,`, a bracket, `: ` or a comment. */
  private flowPlain(at: number, end: number): [unknown, number] {
    let i = at;
    for (; i < end; i++) {
      const c = this.char(i);
      if (c === ',' || c === '[' || c === ']' || c === '{' || c === '}') break;
      if (c === '#' && this.char(i - 1) === ' ') notSure();
      if (c === ':') {
        const n = this.char(i + 1);
        if (n === ' ' || n === ',' || n === '[' || n === ']' || n === '{' || n === '}' || i + 1 === end)
          break;
      }
    }
    const s = this.text.slice(at, i).trimEnd();
    if (!this.plainStart(s, true)) notSure();
    return [coreScalar(s), at + s.length];
  }
}
