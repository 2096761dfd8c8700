import { describe, expect, it } from 'vitest';
import { formatWorkflow } from './format';
import { WorkflowDocument } from './document';
import { parseWorkflow } from './validate';

const HEAD = 'apiVersion: weft/v1\nkind: Workflow\nid: t\n';

/** The only diagnostic messages, for readable assertions. */
const messages = (text: string): string[] =>
  parseWorkflow(text).diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);

// These inputs must not hang: each test has a hang guard, speed is measured in bench/dsl.bench.ts.
describe('hostile input gets a clear diagnostic, never a crash or a hang', () => {
  it('a 5 MB file', () => {
    const big =
      HEAD + 'steps:\n' + '  - { id: s, uses: transform, with: { expression: "1" } }\n'.repeat(90_000);
    expect(big.length).toBeGreaterThan(5_000_000);
    expect(messages(big)).toEqual(['1:1 E_YAML file is too large (5.0 MB); the limit is 1.0 MB']);
    expect(formatWorkflow(big).ok).toBe(false);
  }, 5000);

  it('10,000 levels of flow nesting, of maps and of block lists', () => {
    for (const text of [
      `${HEAD}vars: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
      `${HEAD}vars: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`,
      `${HEAD}vars:\n  v:\n    ${'- '.repeat(10_000)}x\n`,
    ]) {
      const m = messages(text);
      expect(m).toHaveLength(1);
      expect(m[0]).toMatch(/^\d+:\d+ E_YAML nesting is too deep \(the limit is 64 levels\)$/);
    }
  }, 5000);

  it('70 levels of block maps inside one step of a file parsed in chunks', () => {
    let nested = '';
    for (let i = 0; i < 70; i++) nested += `${' '.repeat(6 + 2 * i)}k${i}:\n`;
    const text = `${HEAD}steps:\n  - id: a\n    uses: transform\n    with:\n${nested}${' '.repeat(146)}x: 1\n  - id: b\n    uses: transform\n`;
    expect(messages(text)).toEqual([
      expect.stringMatching(/^\d+:\d+ E_YAML nesting is too deep \(the limit is 64 levels\)$/),
    ]);
  }, 5000);

  it('a billion-laughs alias bomb', () => {
    const rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [p, c] of ['ab', 'bc', 'cd', 'de', 'ef', 'fg', 'gh', 'hi'].map((s) => s.split('')))
      rows.push(`${c}: &${c} [${Array(9).fill(`*${p}`).join(',')}]`);
    const text = `${HEAD}vars:\n${rows.map((r) => `  ${r}`).join('\n')}\nsteps:\n  - { id: s, uses: fail, with: { message: m } }\n`;
    expect(messages(text)).toEqual([
      '1:1 E_YAML too many alias expansions (more than 100); this looks like an alias bomb',
    ]);
  }, 5000);

  it('binary garbage', () => {
    const bytes = Array.from({ length: 100_000 }, (_, i) => String.fromCharCode((i * 7919 + 13) % 256)).join(
      '',
    );
    expect(messages(bytes)[0]).toMatch(
      /^\d+:\d+ E_YAML file contains binary data \(control character U\+00[0-9A-F]{2}\); a workflow must be UTF-8 text$/,
    );
    expect(messages('\u0000')).toEqual([
      '1:1 E_YAML file contains binary data (control character U+0000); a workflow must be UTF-8 text',
    ]);
    expect(WorkflowDocument.parse(bytes).setLayout('a', [0, 0])).toMatchObject({
      ok: false,
      error: { code: 'BROKEN_DOCUMENT' },
    });
  }, 5000);

  it('an empty file, a scalar, a list at the top', () => {
    expect(messages('')).toEqual([
      '1:1 E_SCHEMA the file is empty; a workflow needs apiVersion, kind, id and steps',
    ]);
    expect(messages('hello')).toEqual(['1:1 E_SCHEMA the workflow must be a map, not the string "hello"']);
    expect(messages('- a\n- b\n')).toEqual(['1:1 E_SCHEMA the workflow must be a map, not a list']);
  });

  it('a deeply nested JSONata expression', () => {
    const text = `${HEAD}steps:\n  - id: s\n    uses: transform\n    with: { expression: "${'('.repeat(5000)}1${')'.repeat(5000)}" }\n`;
    expect(messages(text).every((m) => / E_EXPRESSION /.test(m))).toBe(true);
  }, 5000);
});
