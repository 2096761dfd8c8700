import { describe, expect, it } from 'vitest';
import { exportFileName, withWorkflowId, withoutLayout } from './export';
import { diffLines } from './line-diff';

describe('text helpers', () => {
  it('diffs versions line by line', () => {
    expect(diffLines('a\nb\nc', 'a\nB\nc\nd')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'add', text: 'B' },
      { kind: 'del', text: 'b' },
      { kind: 'same', text: 'c' },
      { kind: 'add', text: 'd' },
    ]);
  });

  it('exports without layout, leaving every other line as it was', () => {
    const text = `# keep me\napiVersion: weft/v1\nkind: Workflow\nid: x\nsteps:\n  - id: a   # spaced\n    uses: wait\n    with: { duration: 1s }\nlayout:\n  a: [0, 0]\n`;
    const out = withoutLayout(text);
    expect(out).toBe(
      `# keep me\napiVersion: weft/v1\nkind: Workflow\nid: x\nsteps:\n  - id: a   # spaced\n    uses: wait\n    with: { duration: 1s }\n`,
    );
    expect(withoutLayout(out)).toBe(out);
    expect(exportFileName('issue-digest')).toBe('issue-digest.yaml');
    expect(exportFileName(undefined)).toBe('workflow.yaml');
  });

  it('renames an imported workflow, keeping comments and every other line', () => {
    const text = `# imported\napiVersion: weft/v1\nkind: Workflow\nid: taken   # the id\nsteps:\n  - id: a\n    uses: wait\n`;
    expect(withWorkflowId(text, 'taken-2')).toEqual({
      ok: true,
      text: `# imported\napiVersion: weft/v1\nkind: Workflow\nid: taken-2   # the id\nsteps:\n  - id: a\n    uses: wait\n`,
    });
    expect(withWorkflowId('id: [unclosed\n', 'x').ok).toBe(false);
  });
});
