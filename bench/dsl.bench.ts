/**
 * `pnpm bench dsl`: how fast the DSL package answers — the studio re-validates on every keystroke,
 * and hostile files must be refused within a second.
 */
import {
  builtinCatalog,
  draftWorkflow,
  formatWorkflow,
  parseWorkflow,
  validateDocument,
  WorkflowDocument,
} from '@weft/dsl';
import type { BenchRow } from './row';

/**
 * A 500-step workflow: chains of transforms, ifs and fails, with expressions that read upstream
 * steps. `salt` changes every step's text, so that a parse of it finds nothing in the chunk cache.
 */
function bigWorkflow(steps: number, salt = ''): string {
  const lines = ['apiVersion: weft/v1', 'kind: Workflow', 'id: big', 'steps:'];
  for (let i = 0; i < steps; i++) {
    lines.push(`  - id: s${i}`);
    if (salt) lines.push(`    name: ${salt}`);
    if (i % 3 === 1) {
      lines.push(
        '    uses: if',
        `    needs: [s${i - 1}]`,
        `    with: { condition: "\${{ steps.s${i - 1}.output > ${i} }}" }`,
      );
    } else {
      lines.push('    uses: transform');
      if (i > 0) lines.push(`    needs: [${i % 3 === 2 ? `s${i - 1}.then` : `s${i - 1}`}]`);
      lines.push(
        '    retry: { attempts: 3, delay: 1s }',
        '    with:',
        `      expression: "${i > 0 ? `$count(steps.s${i - 1}.output) + ` : ''}${i}"`,
      );
    }
  }
  lines.push('outputs:', `  last: \${{ steps.s${steps - 1}.output }}`, '');
  return lines.join('\n');
}

function timeIt(runs: number, f: () => unknown): number {
  for (let i = 0; i < Math.min(3, runs); i++) f();
  const t = performance.now();
  for (let i = 0; i < runs; i++) f();
  return (performance.now() - t) / runs;
}

/** Median time of `op` on a value `setup` makes fresh for each run (setup is not timed). */
function timeOp<T>(runs: number, setup: (run: number) => T, op: (value: T, run: number) => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const value = setup(i);
    const t = performance.now();
    op(value, i);
    if (i >= 2) times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

function mustOk(r: { ok: boolean }, what: string): void {
  if (!r.ok) throw new Error(`bench edit failed: ${what}`);
}

/** Every edit op on a live 500-step document, the way the studio uses them, plus the validation after. */
function editRows(text: string): BenchRow[] {
  const live = WorkflowDocument.parse(text);
  const fresh = (): WorkflowDocument => WorkflowDocument.parse(text);
  const row = (metric: string, value: number, note?: string): BenchRow => ({
    area: 'dsl',
    metric,
    value,
    unit: 'ms',
    target: '< 100',
    ...(note ? { note } : {}),
  });
  const median = 'median, 500 steps';
  return [
    row(
      'edit: setLayout',
      timeOp(
        30,
        () => live,
        (d, i) => mustOk(d.setLayout(`s${(i * 37) % 500}`, [i, i]), 'setLayout'),
      ),
      median,
    ),
    row(
      'edit: setStepField',
      timeOp(
        30,
        () => live,
        (d, i) => mustOk(d.setStepField(`s${(i * 37) % 500}`, ['timeout'], `${i + 1}s`), 'setStepField'),
      ),
      median,
    ),
    row(
      'edit: addNeed',
      timeOp(
        30,
        () => live,
        (d, i) => mustOk(d.addNeed(`s${300 + i}`, 's10'), 'addNeed'),
      ),
      median,
    ),
    row(
      'edit: removeStep',
      timeOp(10, fresh, (d) => mustOk(d.removeStep('s250'), 'removeStep')),
      `${median}; s250 is needed by s251`,
    ),
    row(
      'edit: renameStep',
      timeOp(
        20,
        () => live,
        (d, i) => mustOk(d.renameStep(i % 2 ? 'x200' : 's200', i % 2 ? 's200' : 'x200'), 'renameStep'),
      ),
      `${median}; rewrites needs and expressions`,
    ),
    row(
      'edit: batch of 50 layout moves',
      timeOp(
        10,
        () => live,
        (d, i) =>
          d.batch(() => {
            for (let k = 0; k < 50; k++) mustOk(d.setLayout(`s${k * 10}`, [i, k]), 'batch');
          }),
      ),
      median,
    ),
    row(
      'canvas edit → validate',
      timeOp(
        20,
        () => live,
        (d, i) => {
          mustOk(d.setLayout('s99', [i, 0]), 'setLayout');
          validateDocument(d);
        },
      ),
      'setLayout + validateDocument',
    ),
    row(
      'canvas edit → draft',
      timeOp(
        20,
        () => live,
        (d, i) => {
          mustOk(d.setStepField('s98', ['timeout'], `${i + 1}s`), 'setStepField');
          draftWorkflow(d);
        },
      ),
      'setStepField + draftWorkflow',
    ),
  ];
}

export default async (): Promise<BenchRow[]> => {
  const text = bigWorkflow(500);
  const check = parseWorkflow(text, { catalog: builtinCatalog() });
  if (!check.ok) throw new Error(`bench workflow invalid: ${check.diagnostics[0]?.message ?? ''}`);
  const doc = WorkflowDocument.parse(text);
  const bomb = [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`),
  ].join('\n');
  const hostile: [string, string][] = [
    ['5 MB file', 'steps:\n' + '  - { id: s, uses: transform, with: { expression: "1" } }\n'.repeat(90_000)],
    ['10,000-level nesting', `vars: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
    ['alias bomb', bomb],
    [
      'binary garbage',
      Array.from({ length: 1_000_000 }, (_, i) => String.fromCharCode((i * 7919 + 13) % 256)).join(''),
    ],
  ];
  // Typing in the YAML: one step's text changes, the other 499 come from the chunk cache.
  const typed = (i: number): string => text.replace('output) + 250"', `output) + 250${i}"`);
  return [
    {
      area: 'dsl',
      metric: 'parse+validate 500 steps, first open',
      value: timeOp(
        10,
        (i) => bigWorkflow(500, `run${i}`),
        (t) => parseWorkflow(t),
      ),
      unit: 'ms',
      target: '< 100',
      note: `${(text.length / 1024).toFixed(0)} KB; nothing cached`,
    },
    {
      area: 'dsl',
      metric: 'parse+validate 500 steps, one step typed',
      value: timeOp(20, typed, (t) => parseWorkflow(t)),
      unit: 'ms',
      target: '< 100',
      note: 'YAML → canvas',
    },
    {
      area: 'dsl',
      metric: 'validate parsed doc, 500 steps',
      value: timeIt(20, () => validateDocument(doc)),
      unit: 'ms',
      target: '< 100',
      note: 'after a studio edit',
    },
    {
      area: 'dsl',
      metric: 'draftWorkflow 500 steps',
      value: timeIt(20, () => draftWorkflow(doc)),
      unit: 'ms',
    },
    { area: 'dsl', metric: 'format 500 steps', value: timeIt(10, () => formatWorkflow(text)), unit: 'ms' },
    {
      area: 'dsl',
      metric: 'edit (setLayout) 500 steps',
      value: timeIt(10, () => WorkflowDocument.parse(text).setLayout('s250', [1, 2])),
      unit: 'ms',
      note: 'parse + edit + reparse',
    },
    ...editRows(text),
    ...hostile.map(([name, t]): BenchRow => ({
      area: 'dsl',
      metric: `refuse ${name}`,
      value: timeIt(3, () => parseWorkflow(t)),
      unit: 'ms',
      target: '< 1000',
    })),
  ];
};
