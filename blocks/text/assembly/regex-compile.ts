// Regular expressions for the text block, part 1: parse a pattern (JavaScript syntax, a common
// subset) and compile it to a small program for the backtracking VM in regex-vm.ts.
//
// Supported: literals and escapes (\n \r \t \f \v \0 \xHH \uHHHH, escaped metacharacters), `.`,
// classes `[a-z]` `[^…]` with \d \w \s \D \W \S, anchors ^ $ \b \B, groups ( ) (?: ) (?<name> ),
// lookahead (?= ) (?! ), backreferences \1…\9 and \k<name>, alternation |, quantifiers * + ? {n}
// {n,} {n,m} and their lazy forms. Not supported (a clear error): lookbehind, Unicode property
// escapes \p{…}, the sticky and unicode flags.

import {
  Regex,
  OP_CHAR,
  OP_ANY,
  OP_ANYNL,
  OP_CLASS,
  OP_SPLIT,
  OP_JMP,
  OP_SAVE,
  OP_MATCH,
  OP_LOOK,
  OP_NLOOK,
  OP_BACKREF,
  OP_BOL,
  OP_EOL,
  OP_WORDB,
  OP_NWORDB,
  OP_MARK,
  OP_CHECK,
} from './regex-program';
import { CharClass, foldCase, addDigit, addWord, addSpace, addComplement } from './regex-class';

const N_CHAR: i32 = 0;
const N_ANY: i32 = 1;
const N_CLASS: i32 = 2;
const N_CAT: i32 = 3;
const N_ALT: i32 = 4;
const N_GROUP: i32 = 5;
const N_REPEAT: i32 = 6;
const N_ASSERT: i32 = 7; // ch holds the OP_ code
const N_LOOK: i32 = 8;
const N_BACKREF: i32 = 9;

const MAX_PROGRAM: i32 = 100000;
const MAX_REPEAT: i32 = 1000;

class Node {
  kind: i32 = N_CAT;
  ch: i32 = 0;
  cls: i32 = -1;
  kids: Node[] = [];
  min: i32 = 0;
  max: i32 = -1;
  greedy: bool = true;
  group: i32 = -1;
  negate: bool = false;
}

class Parser {
  i: i32 = 0;
  err: string = '';
  groups: i32 = 0;
  names: string[] = [''];
  backrefNames: string[] = [];
  constructor(
    public p: string,
    public re: Regex,
  ) {}

  fail(msg: string): Node {
    if (this.err == '') this.err = msg + ' at position ' + this.i.toString() + ' of the pattern';
    return new Node();
  }

  more(): bool {
    return this.i < this.p.length && this.err == '';
  }

  peek(): i32 {
    return this.p.charCodeAt(this.i);
  }

  alt(): Node {
    const first = this.cat();
    if (!(this.more() && this.peek() == 0x7c)) return first;
    const n = new Node();
    n.kind = N_ALT;
    n.kids.push(first);
    while (this.more() && this.peek() == 0x7c) {
      this.i++;
      n.kids.push(this.cat());
    }
    return n;
  }

  cat(): Node {
    const n = new Node();
    n.kind = N_CAT;
    while (this.more()) {
      const c = this.peek();
      if (c == 0x7c || c == 0x29) break;
      const atom = this.atom();
      if (this.err != '') break;
      n.kids.push(this.quantified(atom));
    }
    return n;
  }

  number(): i32 {
    let v = -1;
    while (this.i < this.p.length) {
      const c = this.peek();
      if (c < 0x30 || c > 0x39) break;
      v = (v < 0 ? 0 : v) * 10 + (c - 0x30);
      if (v > 100000) v = 100000;
      this.i++;
    }
    return v;
  }

  quantified(atom: Node): Node {
    if (!this.more()) return atom;
    const c = this.peek();
    let min = -1;
    let max = -1;
    if (c == 0x2a) {
      min = 0;
      this.i++;
    } else if (c == 0x2b) {
      min = 1;
      this.i++;
    } else if (c == 0x3f) {
      min = 0;
      max = 1;
      this.i++;
    } else if (c == 0x7b) {
      const save = this.i;
      this.i++;
      const lo = this.number();
      let hi = lo;
      if (lo >= 0 && this.i < this.p.length && this.peek() == 0x2c) {
        this.i++;
        hi = this.number();
      }
      if (lo < 0 || this.i >= this.p.length || this.peek() != 0x7d) {
        this.i = save; // not a quantifier: `{` is a literal
        return atom;
      }
      this.i++;
      if (hi >= 0 && hi < lo)
        return this.fail('numbers out of order in {' + lo.toString() + ',' + hi.toString() + '}');
      if (lo > MAX_REPEAT || hi > MAX_REPEAT)
        return this.fail('a repeat count above ' + MAX_REPEAT.toString());
      min = lo;
      max = hi;
    } else return atom;
    if (atom.kind == N_ASSERT || atom.kind == N_LOOK) return this.fail('nothing to repeat');
    const n = new Node();
    n.kind = N_REPEAT;
    n.kids.push(atom);
    n.min = min;
    n.max = max;
    if (this.i < this.p.length && this.peek() == 0x3f) {
      n.greedy = false;
      this.i++;
    }
    if (this.more()) {
      const d = this.peek();
      if (d == 0x2a || d == 0x2b || (d == 0x3f && !n.greedy)) return this.fail('nothing to repeat');
    }
    return n;
  }

  charNode(c: i32): Node {
    const n = new Node();
    n.kind = N_CHAR;
    n.ch = c;
    return n;
  }

  classNode(cc: CharClass): Node {
    const n = new Node();
    n.kind = N_CLASS;
    n.cls = this.re.classes.length;
    this.re.classes.push(cc);
    return n;
  }

  hex(count: i32): i32 {
    if (this.i + count > this.p.length) return -1;
    let v = 0;
    for (let k = 0; k < count; k++) {
      const c = this.p.charCodeAt(this.i + k);
      let d = -1;
      if (c >= 0x30 && c <= 0x39) d = c - 0x30;
      else if (c >= 0x61 && c <= 0x66) d = c - 87;
      else if (c >= 0x41 && c <= 0x46) d = c - 55;
      if (d < 0) return -1;
      v = v * 16 + d;
    }
    this.i += count;
    return v;
  }

  /** A single-character escape after `\` (already consumed); -1 when it is not one. */
  simpleEscape(c: i32): i32 {
    if (c == 0x6e) return 0x0a;
    if (c == 0x72) return 0x0d;
    if (c == 0x74) return 0x09;
    if (c == 0x66) return 0x0c;
    if (c == 0x76) return 0x0b;
    if (c == 0x30) return 0;
    if (c == 0x78) return this.hex(2);
    if (c == 0x75) return this.hex(4);
    if (c == 0x70 || c == 0x50) return -2; // \p{…}
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return -1;
    return c; // an escaped metacharacter or punctuation stands for itself
  }

  atom(): Node {
    const c = this.peek();
    this.i++;
    if (c == 0x2e) {
      const n = new Node();
      n.kind = N_ANY;
      return n;
    }
    if (c == 0x5e || c == 0x24) {
      const n = new Node();
      n.kind = N_ASSERT;
      n.ch = c == 0x5e ? OP_BOL : OP_EOL;
      return n;
    }
    if (c == 0x28) return this.group();
    if (c == 0x5b) return this.bracket();
    if (c == 0x2a || c == 0x2b || c == 0x3f) {
      this.i--;
      return this.fail('nothing to repeat');
    }
    if (c == 0x5c) return this.escape();
    return this.charNode(c);
  }

  escape(): Node {
    if (this.i >= this.p.length) return this.fail('a pattern cannot end with \\');
    const c = this.peek();
    this.i++;
    if (c == 0x64 || c == 0x77 || c == 0x73) {
      const cc = new CharClass();
      if (c == 0x64) addDigit(cc);
      else if (c == 0x77) addWord(cc);
      else addSpace(cc);
      return this.classNode(cc);
    }
    if (c == 0x44 || c == 0x57 || c == 0x53) {
      const cc = new CharClass();
      addComplement(cc, c + 32);
      return this.classNode(cc);
    }
    if (c == 0x62 || c == 0x42) {
      const n = new Node();
      n.kind = N_ASSERT;
      n.ch = c == 0x62 ? OP_WORDB : OP_NWORDB;
      return n;
    }
    if (c >= 0x31 && c <= 0x39) {
      const n = new Node();
      n.kind = N_BACKREF;
      n.group = c - 0x30;
      while (this.i < this.p.length && this.peek() >= 0x30 && this.peek() <= 0x39)
        n.group = n.group * 10 + (this.p.charCodeAt(this.i++) - 0x30);
      return n;
    }
    if (c == 0x6b && this.i < this.p.length && this.peek() == 0x3c) {
      this.i++;
      const end = this.p.indexOf('>', this.i);
      if (end < 0) return this.fail('unterminated \\k<name>');
      const n = new Node();
      n.kind = N_BACKREF;
      n.group = -1 - this.backrefNames.length; // resolved after parsing
      this.backrefNames.push(this.p.substring(this.i, end));
      this.i = end + 1;
      return n;
    }
    const v = this.simpleEscape(c);
    if (v == -2) return this.fail('Unicode property escapes (\\p{…}) are not supported');
    if (v < 0) return this.fail('unknown escape \\' + String.fromCharCode(c));
    return this.charNode(v);
  }

  group(): Node {
    const n = new Node();
    n.kind = N_GROUP;
    if (this.i < this.p.length && this.peek() == 0x3f) {
      this.i++;
      const k = this.i < this.p.length ? this.peek() : 0;
      this.i++;
      if (k == 0x3a) {
        n.group = -1;
      } else if (k == 0x3d || k == 0x21) {
        n.kind = N_LOOK;
        n.negate = k == 0x21;
      } else if (k == 0x3c && this.i < this.p.length && (this.peek() == 0x3d || this.peek() == 0x21)) {
        return this.fail('lookbehind (?<= ) is not supported');
      } else if (k == 0x3c) {
        const end = this.p.indexOf('>', this.i);
        if (end < 0) return this.fail('unterminated group name');
        const name = this.p.substring(this.i, end);
        if (name.length == 0 || this.names.includes(name))
          return this.fail('bad or repeated group name "' + name + '"');
        this.i = end + 1;
        n.group = ++this.groups;
        this.names.push(name);
      } else {
        return this.fail('unknown group syntax (?' + String.fromCharCode(k));
      }
    } else {
      n.group = ++this.groups;
      this.names.push('');
    }
    n.kids.push(this.alt());
    if (this.err != '') return n;
    if (this.i >= this.p.length || this.peek() != 0x29) return this.fail('missing )');
    this.i++;
    return n;
  }

  /** One class member: a code unit, or -1 after adding an escape class (\d…) to cc. */
  classAtom(cc: CharClass): i32 {
    const c = this.p.charCodeAt(this.i++);
    if (c != 0x5c) return c;
    if (this.i >= this.p.length) {
      this.fail('unterminated character class');
      return -1;
    }
    const e = this.p.charCodeAt(this.i++);
    if (e == 0x64) addDigit(cc);
    else if (e == 0x77) addWord(cc);
    else if (e == 0x73) addSpace(cc);
    else if (e == 0x44 || e == 0x57 || e == 0x53) addComplement(cc, e + 32);
    else if (e == 0x62) return 0x08;
    else if (e == 0x2d) return 0x2d;
    else {
      const v = this.simpleEscape(e);
      if (v < 0) {
        this.fail('unknown escape \\' + String.fromCharCode(e) + ' in a character class');
        return -1;
      }
      return v;
    }
    return -1;
  }

  bracket(): Node {
    const cc = new CharClass();
    if (this.i < this.p.length && this.peek() == 0x5e) {
      cc.negate = true;
      this.i++;
    }
    while (true) {
      if (this.i >= this.p.length) return this.fail('unterminated character class [');
      if (this.peek() == 0x5d) {
        this.i++;
        break;
      }
      const lo = this.classAtom(cc);
      if (this.err != '') return new Node();
      if (lo < 0) continue;
      if (this.i + 1 < this.p.length && this.peek() == 0x2d && this.p.charCodeAt(this.i + 1) != 0x5d) {
        this.i++;
        const hi = this.classAtom(cc);
        if (this.err != '') return new Node();
        if (hi < 0) {
          cc.add(lo, lo);
          cc.add(0x2d, 0x2d);
          continue;
        }
        if (hi < lo) return this.fail('range out of order in character class');
        cc.add(lo, hi);
      } else cc.add(lo, lo);
    }
    return this.classNode(cc);
  }
}

function emitNode(re: Regex, n: Node): void {
  if (re.op.length > MAX_PROGRAM) return;
  const k = n.kind;
  if (k == N_CHAR) re.emit(OP_CHAR, re.ignoreCase ? foldCase(n.ch) : n.ch);
  else if (k == N_ANY) re.emit(re.dotAll ? OP_ANYNL : OP_ANY);
  else if (k == N_CLASS) re.emit(OP_CLASS, n.cls);
  else if (k == N_ASSERT) re.emit(n.ch);
  else if (k == N_BACKREF) re.emit(OP_BACKREF, n.group);
  else if (k == N_CAT) {
    for (let i = 0; i < n.kids.length; i++) emitNode(re, n.kids[i]);
  } else if (k == N_ALT) {
    const jumps: i32[] = [];
    for (let i = 0; i < n.kids.length; i++) {
      if (i < n.kids.length - 1) {
        const split = re.emit(OP_SPLIT, re.op.length + 1, 0);
        emitNode(re, n.kids[i]);
        jumps.push(re.emit(OP_JMP));
        re.b[split] = re.op.length;
      } else emitNode(re, n.kids[i]);
    }
    for (let i = 0; i < jumps.length; i++) re.a[jumps[i]] = re.op.length;
  } else if (k == N_GROUP) {
    if (n.group > 0) re.emit(OP_SAVE, n.group * 2);
    emitNode(re, n.kids[0]);
    if (n.group > 0) re.emit(OP_SAVE, n.group * 2 + 1);
  } else if (k == N_LOOK) {
    const look = re.emit(n.negate ? OP_NLOOK : OP_LOOK);
    emitNode(re, n.kids[0]);
    re.emit(OP_MATCH);
    re.a[look] = re.op.length;
  } else if (k == N_REPEAT) emitRepeat(re, n);
}

function emitRepeat(re: Regex, n: Node): void {
  const body = n.kids[0];
  for (let i = 0; i < n.min; i++) emitNode(re, body);
  if (n.max < 0) {
    // Loop: split → mark → body → check progress → jump back.
    const reg = re.registers++;
    const split = re.emit(OP_SPLIT);
    re.emit(OP_MARK, reg);
    emitNode(re, body);
    re.emit(OP_CHECK, reg);
    re.emit(OP_JMP, split);
    setSplit(re, split, split + 1, re.op.length, n.greedy);
    return;
  }
  const splits: i32[] = [];
  for (let i = n.min; i < n.max; i++) {
    splits.push(re.emit(OP_SPLIT));
    emitNode(re, body);
  }
  for (let i = 0; i < splits.length; i++) setSplit(re, splits[i], splits[i] + 1, re.op.length, n.greedy);
}

function setSplit(re: Regex, at: i32, body: i32, exit: i32, greedy: bool): void {
  re.a[at] = greedy ? body : exit;
  re.b[at] = greedy ? exit : body;
}

/** Compiles `pattern` with `flags` (g, i, m, s). On a problem, `error` is set. */
export function compileRegex(pattern: string, flags: string): Regex {
  const re = new Regex();
  for (let i = 0; i < flags.length; i++) {
    const f = flags.charAt(i);
    if (f == 'g') re.global = true;
    else if (f == 'i') re.ignoreCase = true;
    else if (f == 'm') re.multiline = true;
    else if (f == 's') re.dotAll = true;
    else {
      re.error = 'unsupported regex flag "' + f + '" (supported: g, i, m, s)';
      return re;
    }
  }
  const p = new Parser(pattern, re);
  const root = p.alt();
  if (p.err == '' && p.i < pattern.length) p.fail('unmatched )');
  if (p.err != '') {
    re.error = 'invalid pattern: ' + p.err;
    return re;
  }
  re.groupCount = p.groups;
  re.groupNames = p.names;
  re.emit(OP_SAVE, 0);
  emitNode(re, root);
  re.emit(OP_SAVE, 1);
  re.emit(OP_MATCH);
  if (re.op.length > MAX_PROGRAM) {
    re.error = 'invalid pattern: too large once repeats are expanded';
    return re;
  }
  for (let pc = 0; pc < re.op.length; pc++) {
    if (re.op[pc] != OP_BACKREF) continue;
    let g = re.a[pc];
    if (g < 0) {
      const name = p.backrefNames[-1 - g];
      g = p.names.indexOf(name);
      if (g <= 0) {
        re.error = 'invalid pattern: \\k<' + name + '> names no group';
        return re;
      }
      re.a[pc] = g;
    } else if (g > p.groups) {
      re.error = 'invalid pattern: \\' + g.toString() + ' refers to a group that does not exist';
      return re;
    }
  }
  return re;
}
