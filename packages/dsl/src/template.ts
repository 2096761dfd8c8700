/** One piece of a string that may hold `${{ … }}` expressions. */
export type TemplatePart =
  | { kind: 'text'; text: string }
  /** `source` is the JSONata text between the braces; `offset` its index in the whole string. */
  | { kind: 'expr'; source: string; offset: number };

export type TemplateResult =
  { ok: true; parts: TemplatePart[] } | { ok: false; message: string; offset: number };

/**
 * Split a string into text and `${{ … }}` parts. Braces inside JSONata string
 * literals and nested object constructors are handled, so `${{ {'a': 1} }}` works.
 *
 * @example splitTemplate('Hello ${{ inputs.name }}!')
 * // { ok: true, parts: [{kind:'text',text:'Hello '},{kind:'expr',source:' inputs.name ',offset:9},{kind:'text',text:'!'}] }
 */
export function splitTemplate(text: string): TemplateResult {
  const parts: TemplatePart[] = [];
  let i = 0;
  let textStart = 0;
  while (i < text.length) {
    const open = text.indexOf('${{', i);
    if (open < 0) break;
    const start = open + 3;
    const end = findClose(text, start);
    if (end < 0) return { ok: false, message: 'unterminated ${{ expression: missing }}', offset: open };
    if (open > textStart) parts.push({ kind: 'text', text: text.slice(textStart, open) });
    parts.push({ kind: 'expr', source: text.slice(start, end), offset: start });
    i = end + 2;
    textStart = i;
  }
  if (textStart < text.length) parts.push({ kind: 'text', text: text.slice(textStart) });
  return { ok: true, parts };
}

/** Index of the `}}` closing an expression that starts at `from`, or -1. */
function findClose(text: string, from: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{' || c === '[' || c === '(') depth++;
    else if ((c === ']' || c === ')') && depth > 0) depth--;
    else if (c === '}') {
      if (depth === 0 && text[i + 1] === '}') return i;
      if (depth > 0) depth--;
    }
  }
  return -1;
}

/** True when the whole string is exactly one `${{ … }}` (so the result keeps its type). */
export function isSingleExpression(parts: readonly TemplatePart[]): boolean {
  return parts.length === 1 && parts[0]?.kind === 'expr';
}

/** True when the string holds at least one `${{`. */
export function hasTemplate(text: string): boolean {
  return text.includes('${{');
}

/**
 * For fields that are always expressions (`if`, `foreach`, `repeat.until`, the `if`
 * built-in's `condition`, `transform`'s `expression`): strip an optional single `${{ }}`.
 */
export function unwrapExpression(text: string): string {
  const t = text.trim();
  if (t.startsWith('${{') && t.endsWith('}}')) {
    const r = splitTemplate(t);
    if (r.ok && isSingleExpression(r.parts)) return (r.parts[0] as { source: string }).source.trim();
  }
  return text;
}
