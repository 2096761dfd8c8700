import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatWorkflow } from './format';
import { parseWorkflow } from './validate';
import { testCatalog } from './__fixtures__/test-catalog';

const fixtures = [
  ...readdirSync(join(import.meta.dirname, '__fixtures__/valid')).map((f) =>
    join(import.meta.dirname, '__fixtures__/valid', f),
  ),
  join(import.meta.dirname, '__fixtures__/edit/base.yaml'),
];

function format(text: string): string {
  const r = formatWorkflow(text);
  if (!r.ok) throw new Error(r.error.map((d) => d.message).join('; '));
  return r.value;
}

describe('formatWorkflow', () => {
  for (const file of fixtures) {
    it(`is idempotent and keeps meaning and comments: ${file.split('/').pop()}`, () => {
      const text = readFileSync(file, 'utf8');
      const once = format(text);
      expect(format(once)).toBe(once);
      const before = parseWorkflow(text, { catalog: testCatalog });
      const after = parseWorkflow(once, { catalog: testCatalog });
      expect(after.workflow).toEqual(before.workflow);
      const comments = (t: string): string[] => (t.match(/#.*$/gm) ?? []).map((c) => c.trim());
      expect(comments(once)).toEqual(comments(text));
    });
  }

  it('normalises indentation and spacing but keeps key order and quoting', () => {
    const text =
      'id: x   # the id\nkind: Workflow\nsteps:\n- id: a\n  uses:    "if"\n  needs: [ b,c ]\n  with: {condition: \'true\'}\n\n\n\nlayout: {}\n';
    expect(format(text)).toBe(
      'id: x # the id\nkind: Workflow\nsteps:\n  - id: a\n    uses: "if"\n    needs: [b, c]\n    with: { condition: \'true\' }\n\nlayout: {}\n',
    );
  });

  it('does not fold long lines and ends with one newline', () => {
    const long = `description: ${'word '.repeat(40).trim()}\r\n`;
    expect(format(long)).toBe(`description: ${'word '.repeat(40).trim()}\n`);
  });

  it('refuses YAML it cannot read, with positions', () => {
    const r = formatWorkflow('a: [1, 2\nb: 3\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error[0]).toMatchObject({ code: 'E_YAML', line: expect.any(Number) as number });
    expect(formatWorkflow('a: 1\na: 2\n').ok).toBe(false);
  });
});
