import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempFiles, weft } from '../testing/helpers';
import { inPty, type PtySession } from '../testing/pty';

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/weft.mjs');

const FLOW = `apiVersion: weft/v1
kind: Workflow
id: flow
inputs:
  n: { type: integer, default: 1 }
steps:
  - id: double
    uses: transform
    with: { expression: "inputs.n * 2" }
  - id: add
    uses: transform
    needs: [double]
    with:
      input: "\${{ steps.double.output }}"
      expression: "input + 1"
  - id: show
    uses: transform
    needs: [add]
    with: { expression: "'result ' & $string(steps.add.output)" }
outputs:
  said: "\${{ steps.show.output }}"
`;

const sessions: PtySession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.kill();
});

function session(args: string[], env: Record<string, string> = {}): PtySession {
  const dir = tempFiles({ 'flow.yaml': FLOW });
  const s = inPty([process.execPath, bin, 'run', join(dir, 'flow.yaml'), ...args], { cwd: dir, env });
  sessions.push(s);
  return s;
}

describe('weft run --break / --step (through a pseudo-terminal)', () => {
  it('pauses before the step, prints its resolved inputs, and continues with an edited input line', async () => {
    const t = session(['--break', 'add']);
    await t.waitFor("paused before step 'add': breakpoint");
    const shown = await t.waitFor('debug add>');
    expect(shown).toMatch(/"input": 2,\s+"expression": "input \+ 1"/);
    expect(shown).toContain('✓ double');
    t.type('e {"input": 41, "expression": "input + 1"}');
    await t.waitFor('"said": "result 42"');
    expect(await t.exited).toBe(0);
    expect(t.output).toMatch(/run \S+ SUCCESS/);
  });

  it('--step pauses before every step: step, skip with a typed output, continue', async () => {
    const t = session(['--step', '--input', 'n=5']);
    await t.waitFor("paused before step 'double': step");
    await t.waitFor('debug double>');
    t.type('s');
    await t.waitFor("paused before step 'add': step");
    expect(await t.waitFor('debug add>')).toContain('"input": 10');
    t.type('k');
    await t.waitFor("output of 'add' as JSON");
    t.type('{oops');
    await t.waitFor('not JSON');
    await t.waitFor('debug add>');
    t.type('k 7');
    await t.waitFor("paused before step 'show': step");
    await t.waitFor('debug show>');
    t.type('c');
    await t.waitFor('"said": "result 7"');
    expect(await t.exited).toBe(0);
  });

  it('a conditional breakpoint pauses only when its condition holds; q cancels the run (exit 1)', async () => {
    const quiet = session(['--break', 'add=input > 5', '--input', 'n=1']);
    await quiet.waitFor('"said": "result 3"');
    expect(await quiet.exited).toBe(0);
    expect(quiet.output).not.toContain('paused');

    const t = session(['--break', 'add=input > 5', '--input', 'n=3']);
    await t.waitFor("paused before step 'add': breakpoint, condition input > 5 holds");
    expect(await t.waitFor('debug add>')).toContain('"input": 6');
    t.type('what');
    await t.waitFor('unknown command "what"');
    await t.waitFor('debug add>');
    t.type('q');
    await t.waitFor(/run \S+ CANCELLED/);
    expect(await t.exited).toBe(1);
  });

  it('e with nothing opens $EDITOR on the input and continues with what it saved', async () => {
    const t = session(['--break', 'add'], { EDITOR: `sed -i s/2/99/` });
    await t.waitFor('debug add>');
    t.type('e');
    await t.waitFor('(empty: open $EDITOR)>');
    t.type('');
    await t.waitFor(`continuing 'add' with input {"input":99,"expression":"input + 1"}`);
    await t.waitFor('"said": "result 100"');
    expect(await t.exited).toBe(0);
  });
});

describe('weft run --break / --step: bad use', () => {
  const dir = tempFiles({ 'flow.yaml': FLOW });
  const file = join(dir, 'flow.yaml');

  it('refuses without a terminal, with a usage error (exit 2) and no run', async () => {
    const r = await weft(['run', file, '--break', 'add']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--break/--step need an interactive terminal');
    expect(r.stdout).toBe('');
    const s = await weft(['run', file, '--step']);
    expect(s.code).toBe(2);
  });

  it('names an unknown step, an empty or broken condition, a step given twice, and --json', async () => {
    const cases: [string[], string][] = [
      [
        ['--break', 'nope'],
        'weft run: --break nope: workflow "flow" has no step "nope"; its steps are double, add, show',
      ],
      [['--break', 'add='], 'the condition after "=" is empty'],
      [
        ['--break', 'add=input >'],
        'weft run: --break: breakpoint on "add": the condition is not valid JSONata',
      ],
      [['--break', 'add', '--break', 'add=input > 1'], 'step "add" is given twice'],
      [['--break', 'add', '--json'], 'cannot go with --json'],
    ];
    for (const [args, message] of cases) {
      const r = await weft(['run', file, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
    }
  });
});
