import { describe, expect, it } from 'vitest';
import { WorkflowDocument } from './document';

const TEXT = `apiVersion: weft/v1
kind: Workflow
id: t
triggers:
  # morning run
  - cron: "0 8 * * *"   # keep me
    timezone: UTC
  - webhook:
      path: hook # the path
steps:
  - id: a
    uses: transform
    with: { expression: "1" }
`;

describe('editing fields of list items (triggers)', () => {
  it('changes one field of one item and keeps the others and their comments', () => {
    const d = WorkflowDocument.parse(TEXT);
    expect(d.setWorkflowField(['triggers', 1, 'webhook', 'mode'], 'sync').ok).toBe(true);
    expect(d.setWorkflowField(['triggers', 0, 'timezone'], 'Europe/Berlin').ok).toBe(true);
    const out = d.toString();
    expect(out).toContain(
      '  # morning run\n  - cron: "0 8 * * *"   # keep me\n    timezone: Europe/Berlin\n',
    );
    expect(out).toContain('      path: hook # the path\n      mode: sync\n');
  });
  it('appends an item below the last one and removes a field of an item', () => {
    const d = WorkflowDocument.parse(TEXT);
    expect(d.setWorkflowField(['triggers', 2], { interval: '15m' }).ok).toBe(true);
    expect(d.unsetWorkflowField(['triggers', 0, 'timezone']).ok).toBe(true);
    const out = d.toString();
    expect(out).toContain('  - cron: "0 8 * * *"   # keep me\n  - webhook:');
    expect(out).toMatch(/path: hook # the path\n {2}- interval: 15m\nsteps:/);
  });
});
