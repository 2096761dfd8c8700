import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '@weft/dsl';
import { addStep } from '../editor/commands/add-step';
import { parseYamlText } from './dsl';
import { createDocumentStore } from './store';

const YAML = `apiVersion: weft/v1
kind: Workflow
id: pre
steps:
  - id: first
    uses: transform
    with: { expression: "1" }
  - id: second
    uses: nope
    needs: [first]
`;

describe('a document store opened from text parsed beforehand', () => {
  it('holds what a store that parsed the text itself holds, and edits the same', () => {
    const parsed = parseYamlText(YAML);
    const early = createDocumentStore(YAML, builtinCatalog(), parsed);
    const late = createDocumentStore(YAML, builtinCatalog());
    const a = early.getState();
    const b = late.getState();
    expect(a.doc).toBe(parsed);
    expect(a.text).toBe(b.text);
    expect(a.workflow).toEqual(b.workflow);
    expect(a.diagnostics).toEqual(b.diagnostics);
    // Validated with the catalog it was opened with: the unknown block is reported.
    expect(a.diagnostics.some((d) => d.path[1] === 1)).toBe(true);
    expect(addStep(early, { uses: 'transform', position: [0, 0] })).toMatchObject({ ok: true });
    expect(addStep(late, { uses: 'transform', position: [0, 0] })).toMatchObject({ ok: true });
    expect(early.getState().text).toBe(late.getState().text);
  });
});
