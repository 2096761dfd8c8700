import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkflowDocument } from './document';
import { formatWorkflow } from './format';
import { parseWorkflow } from './validate';
import { testCatalog } from './__fixtures__/test-catalog';
import { rng } from './__fixtures__/rng';

const corpus = [
  ...readdirSync(join(import.meta.dirname, '__fixtures__/valid')).map((f) =>
    readFileSync(join(import.meta.dirname, '__fixtures__/valid', f), 'utf8'),
  ),
  readFileSync(join(import.meta.dirname, '__fixtures__/edit/base.yaml'), 'utf8'),
];

const SWAPS = [
  '[]',
  '{}',
  '123',
  'true',
  'null',
  '"${{ steps.nope.output }}"',
  '${{ (',
  '&a x',
  '*a',
  '!!binary x',
  '- x',
  '"',
  "'",
  '|',
  '>-',
  'weft/v1',
];

function mutate(text: string, r: () => number): string {
  const lines = text.split('\n');
  const pick = (): number => Math.floor(r() * lines.length);
  const n = 1 + Math.floor(r() * 3);
  for (let k = 0; k < n; k++) {
    const i = pick();
    const line = lines[i] ?? '';
    switch (Math.floor(r() * 8)) {
      case 0: // delete a line
        lines.splice(i, 1);
        break;
      case 1: // swap a value's type
        lines[i] = line.includes(':')
          ? `${line.slice(0, line.indexOf(':') + 1)} ${SWAPS[Math.floor(r() * SWAPS.length)]}`
          : `${line} ${SWAPS[Math.floor(r() * SWAPS.length)]}`;
        break;
      case 2: // duplicate a line (duplicate keys, duplicate steps)
        lines.splice(i, 0, line);
        break;
      case 3: // truncate the text
        return lines.join('\n').slice(0, Math.floor(r() * text.length));
      case 4: // random bytes
        lines[i] =
          line +
          String.fromCharCode(
            ...Array.from({ length: 1 + Math.floor(r() * 8) }, () => Math.floor(r() * 256)),
          );
        break;
      case 5: // swap two lines
        {
          const j = pick();
          lines[i] = lines[j] ?? '';
          lines[j] = line;
        }
        break;
      case 6: // change indentation
        lines[i] = r() < 0.5 ? ` ${line}` : line.replace(/^ /, '');
        break;
      default: // rename an identifier
        lines[i] = line.replace(/[a-z]+/, (m) => m.split('').reverse().join(''));
    }
  }
  return lines.join('\n');
}

describe('fuzz: mutated documents never throw', () => {
  it('2,000 mutations: each validates, or yields diagnostics with positions; fmt and edits never throw', () => {
    const r = rng(20240601);
    let valid = 0;
    let invalid = 0;
    for (let i = 0; i < 2000; i++) {
      const source = corpus[i % corpus.length] as string;
      const text = mutate(source, r);
      const lineCount = text.split('\n').length;
      const res = parseWorkflow(text, { catalog: testCatalog });
      if (res.ok) {
        valid++;
        expect(res.workflow).toBeDefined();
      } else {
        invalid++;
        expect(res.diagnostics.length, text).toBeGreaterThan(0);
        for (const d of res.diagnostics) {
          expect(d.line, `${d.code} ${d.message}\n${text}`).toBeGreaterThanOrEqual(1);
          expect(d.line).toBeLessThanOrEqual(lineCount + 1);
          expect(d.column).toBeGreaterThanOrEqual(1);
          expect(d.message.length).toBeGreaterThan(5);
        }
      }
      const f = i % 2 === 0 ? formatWorkflow(text) : undefined;
      if (f?.ok) {
        const again = formatWorkflow(f.value);
        expect(again.ok && again.value, text).toBe(f.value);
      }
      const doc = WorkflowDocument.parse(text);
      const id = doc.stepIds()[0];
      if (id && !doc.loaded.fatal && i % 10 === 0) {
        doc.setLayout(id, [1, 2]);
        doc.renameStep(id, 'renamed_step');
        doc.addStep({ id: 'added_step', uses: 'transform', with: { expression: '1' } });
        doc.removeStep('renamed_step');
        expect(WorkflowDocument.parse(doc.toString()).loaded.fatal).toBe(false);
      }
    }
    // The mutations must actually exercise both outcomes.
    expect(valid).toBeGreaterThan(50);
    expect(invalid).toBeGreaterThan(1000);
  }, 60_000);
});
