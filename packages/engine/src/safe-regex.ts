/**
 * The regular expressions of JSONata expressions (`$match`, `$replace`, `$split`, `$contains`) run on
 * RE2JS, a linear-time engine, instead of V8's backtracking one: `/(a+)+$/` on a long string is a
 * single native call that nothing could interrupt, and it would stall the whole server (issue 9
 * item 4). RE2 has no lookaround and no backreferences; a pattern that needs them fails the step with
 * EXPRESSION_ERROR naming the pattern.
 */
import { RE2JS } from 're2js';

/** `\uXXXX` and `\u{X…}` (JavaScript) become `\x{X…}` (RE2); everything else is passed as is. */
function toRe2Syntax(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = source[i + 1];
    if (next === 'u') {
      const four = /^[0-9a-fA-F]{4}/.exec(source.slice(i + 2));
      const braced = /^\{([0-9a-fA-F]{1,6})\}/.exec(source.slice(i + 2));
      if (four) {
        out += `\\x{${four[0]}}`;
        i += 5;
        continue;
      }
      if (braced) {
        out += `\\x{${braced[1] as string}}`;
        i += 1 + braced[0].length;
        continue;
      }
    }
    out += c + (next ?? '');
    i++;
  }
  return out;
}

/** What jsonata needs of a RegExp (`new RegexEngine(regexp)`, `lastIndex`, `exec`). */
export class SafeRegExp {
  lastIndex = 0;
  private readonly re: RE2JS;

  constructor(pattern: RegExp) {
    let flags = 0;
    if (pattern.flags.includes('i')) flags |= RE2JS.CASE_INSENSITIVE;
    if (pattern.flags.includes('m')) flags |= RE2JS.MULTILINE;
    if (pattern.flags.includes('s')) flags |= RE2JS.DOTALL;
    try {
      this.re = RE2JS.compile(toRe2Syntax(pattern.source), flags);
    } catch (e) {
      throw {
        code: 'WEFT_REGEX',
        message: `regular expression /${pattern.source}/ is not supported (${e instanceof Error ? e.message : String(e)}); Weft matches in linear time, without lookaround or backreferences`,
      };
    }
  }

  exec(input: string): RegExpExecArray | null {
    const m = this.re.matcher(input);
    if (this.lastIndex > input.length || !m.find(this.lastIndex)) {
      this.lastIndex = 0;
      return null;
    }
    const groups: (string | undefined)[] = [m.group(0) ?? ''];
    for (let g = 1; g <= m.groupCount(); g++) groups.push(m.group(g) ?? undefined);
    const out = groups as unknown as RegExpExecArray;
    out.index = m.start();
    out.input = input;
    this.lastIndex = m.end();
    return out;
  }
}
