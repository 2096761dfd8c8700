import { beforeAll, describe, expect, it } from 'vitest';
import { builtinCatalog } from '@weft/dsl';
import { diagnosticsByStep } from '../../canvas/graph';
import { createDocumentStore } from '../../document/store';
import { addStep } from './add-step';
import { copySteps, duplicateSteps, pasteSteps } from './clipboard';
import { connect, disconnect } from './connect';
import { redo, undo } from './history';
import { moveSteps } from './move';
import { removeSteps } from './remove-step';
import { renameStep } from './rename';
import { setStepField } from './set-field';
import { loadValidator } from '../../document/validator';

// Validated at once, as in the editor once the validator's chunk has loaded.
beforeAll(() => loadValidator());

const YAML = `# Daily digest — keep this comment
apiVersion: weft/v1
kind: Workflow
id: digest
steps:
  - id: fetch # where it starts
    uses: transform
    with:
      expression: "'a'"   # odd spacing kept

  - id: check
    uses: if
    needs: [fetch]
    with: { condition: "\${{ steps.fetch.output = 'a' }}" }
`;

const open = (text = YAML) => createDocumentStore(text, builtinCatalog());
const linesOf = (t: string) => t.split('\n');

describe('editor commands', () => {
  it('adds a step dropped on the canvas and keeps every other line', () => {
    const store = open();
    const r = addStep(store, { uses: 'transform', position: [300, 120] });
    expect(r).toMatchObject({ ok: true, id: 'transform_1' });
    const { text, workflow } = store.getState();
    for (const line of linesOf(YAML).filter(Boolean)) expect(text).toContain(line);
    expect(workflow?.steps.map((s) => s.id)).toEqual(['fetch', 'check', 'transform_1']);
    // The file had no layout: the drop writes every step's position so nothing jumps.
    expect(Object.keys(workflow?.layout ?? {}).sort()).toEqual(['check', 'fetch', 'transform_1']);
    expect(workflow?.layout.transform_1).toEqual([300, 120]);
  });

  it('connects from a named port and refuses a cycle or a self-loop', () => {
    const store = open();
    expect(addStep(store, { uses: 'transform', id: 'then_do', with: { expression: '1' } }).ok).toBe(true);
    expect(connect(store, { source: 'check', port: 'then', target: 'then_do' })).toEqual({ ok: true });
    expect(store.getState().text).toMatch(/needs:\s*\n\s*- check\.then|needs: \[check\.then\]/);
    expect(store.getState().workflow?.steps.find((s) => s.id === 'then_do')?.needs).toEqual([
      { step: 'check', port: 'then' },
    ]);
    const cycle = connect(store, { source: 'then_do', target: 'fetch' });
    expect(cycle).toEqual({ ok: false, error: 'connecting then_do to fetch would make a cycle' });
    expect(connect(store, { source: 'fetch', target: 'fetch' }).ok).toBe(false);
    expect(disconnect(store, [{ source: 'check', port: 'then', target: 'then_do' }]).ok).toBe(true);
    expect(store.getState().workflow?.steps.find((s) => s.id === 'then_do')?.needs).toEqual([]);
  });

  it('removes a step with the needs on it, keeping the comments', () => {
    const store = open();
    expect(removeSteps(store, ['fetch']).ok).toBe(true);
    const { text, workflow } = store.getState();
    expect(text).toContain('# Daily digest — keep this comment');
    expect(text).not.toContain('id: fetch');
    expect(workflow?.steps.map((s) => s.id)).toEqual(['check']);
    expect(workflow?.steps[0]?.needs).toEqual([]);
  });

  it('renames a step and the needs and expressions that name it', () => {
    const store = open();
    expect(renameStep(store, 'fetch', 'load').ok).toBe(true);
    const { text } = store.getState();
    expect(text).toContain('- id: load # where it starts');
    expect(text).toContain('needs: [load]');
    expect(text).toContain('steps.load.output');
    expect(renameStep(store, 'load', 'check')).toEqual({ ok: false, error: 'a step "check" already exists' });
    expect(renameStep(store, 'load', '9bad').ok).toBe(false);
  });

  it('sets and unsets a field through the inspector path', () => {
    const store = open();
    expect(setStepField(store, 'fetch', ['retry', 'attempts'], 3).ok).toBe(true);
    expect(store.getState().workflow?.steps[0]?.retry?.attempts).toBe(3);
    expect(setStepField(store, 'fetch', ['retry'], undefined).ok).toBe(true);
    expect(store.getState().workflow?.steps[0]?.retry).toBeUndefined();
    expect(store.getState().text).toContain(`expression: "'a'"   # odd spacing kept`);
  });

  it('moves steps into layout, then only the moved one changes', () => {
    const store = open();
    expect(moveSteps(store, new Map([['fetch', [10.4, 20.6]]])).ok).toBe(true);
    const first = store.getState().workflow?.layout;
    expect(first?.fetch).toEqual([10, 21]);
    expect(first?.check).toBeDefined();
    const before = store.getState().text;
    expect(moveSteps(store, new Map([['check', [500, 0]]])).ok).toBe(true);
    const after = store.getState().text;
    const changed = linesOf(after).filter((l, i) => l !== linesOf(before)[i]);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatch(/check:.*500/);
  });

  it('undoes and redoes to the exact text', () => {
    const store = open();
    addStep(store, { uses: 'wait', with: { duration: '1s' } });
    const added = store.getState().text;
    removeSteps(store, ['check']);
    expect(undo(store)).toBe(true);
    expect(store.getState().text).toBe(added);
    expect(undo(store)).toBe(true);
    expect(store.getState().text).toBe(YAML);
    expect(undo(store)).toBe(false);
    expect(redo(store)).toBe(true);
    expect(store.getState().text).toBe(added);
  });

  it('copies, pastes and duplicates with fresh ids and needs inside the copy', () => {
    const store = open();
    expect(copySteps(store, ['fetch', 'check'])).toBe(2);
    const r = pasteSteps(store);
    expect(r).toMatchObject({ ok: true, ids: ['fetch_1', 'check_1'] });
    const pasted = store.getState().workflow?.steps.find((s) => s.id === 'check_1');
    expect(pasted?.needs).toEqual([{ step: 'fetch_1' }]);
    const d = duplicateSteps(store, ['check']);
    expect(d.ok && d.ids).toEqual(['check_2']);
    // A need outside the copied steps is dropped: the copy stands on its own.
    expect(store.getState().workflow?.steps.find((s) => s.id === 'check_2')?.needs).toEqual([]);
  });

  it('keeps the typed text and the last good canvas when the YAML breaks', () => {
    const store = open();
    const broken = `${YAML}  - id: [oops\n`;
    store.getState().setText(broken, 'yaml');
    const s = store.getState();
    expect(s.text).toBe(broken);
    expect(s.stale).toBe(true);
    expect(s.workflow?.steps.map((st) => st.id)).toEqual(['fetch', 'check']);
    expect(s.diagnostics.some((d) => d.code === 'E_YAML')).toBe(true);
    const r = addStep(store, { uses: 'wait' });
    expect(r.ok).toBe(false);
    expect(store.getState().text).toBe(broken);
  });

  it('draws a workflow that has validation errors (a step still missing its inputs)', () => {
    const store = open();
    store.getState().setText(YAML.replace('needs: [fetch]', 'needs: [fetch, nowhere]'), 'yaml');
    const s = store.getState();
    expect(s.stale).toBe(false);
    expect(s.diagnostics.map((d) => d.code)).toContain('E_UNKNOWN_NEED');
    expect(s.workflow?.steps.map((st) => st.id)).toEqual(['fetch', 'check']);
    expect(addStep(store, { uses: 'wait' }).ok).toBe(true);
  });

  it('applies a multi-step command whole or not at all', () => {
    const store = open();
    const r = removeSteps(store, ['check', 'nowhere']);
    expect(r).toEqual({ ok: false, error: "no step 'nowhere'" });
    expect(store.getState().text).toBe(YAML);
    expect(store.getState().doc?.toString()).toBe(YAML);
    expect(store.getState().undoStack).toEqual([]);
    // The document is still the one to edit: the next command works on the unchanged file.
    expect(removeSteps(store, ['check']).ok).toBe(true);
    expect(store.getState().workflow?.steps.map((st) => st.id)).toEqual(['fetch']);
  });

  it('marks problems on the right step of a draft that skips a step without an id', () => {
    const store = open();
    store
      .getState()
      .setText(YAML.replace('  - id: fetch # where it starts\n', '  - name: no id yet\n'), 'yaml');
    const s = store.getState();
    expect(s.workflow?.steps.map((st) => st.id)).toEqual(['check']);
    const onCheck = s.diagnostics.filter((d) => d.path[0] === 'steps' && d.path[1] === 1).map((d) => d.code);
    expect(onCheck).toContain('E_UNKNOWN_NEED');
    const problems = diagnosticsByStep(s.workflow as NonNullable<typeof s.workflow>, s.diagnostics);
    expect(problems.get('check')?.some((p) => p.startsWith('E_UNKNOWN_NEED'))).toBe(true);
  });

  it('copies steps with their values as written', () => {
    const store = open(
      YAML.replace(
        'expression: "\'a\'"   # odd spacing kept',
        'expression: "${{ inputs.x }}"\n    timeout: 90s',
      ),
    );
    expect(copySteps(store, ['fetch'])).toBe(1);
    expect(store.getState().clipboard[0]).toMatchObject({
      id: 'fetch',
      uses: 'transform',
      timeout: '90s',
      with: { expression: '${{ inputs.x }}' },
    });
  });
});
