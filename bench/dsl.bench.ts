/**
 * `pnpm bench dsl`: how fast the DSL package answers — the studio re-validates on every keystroke,
 * and hostile files must be refused within a second.
 */
import { builtinCatalog, formatWorkflow, parseWorkflow, validateDocument, WorkflowDocument } from '@weft/dsl';
import type { BenchRow } from './row';

/** A 500-step workflow: chains of transforms, ifs and fails, with expressions that read upstream steps. */
function bigWorkflow(steps: number): string {
  const lines = ['apiVersion: weft/v1', 'kind: Workflow', 'id: big', 'steps:'];
  for (let i = 0; i < steps; i++) {
    lines.push(`  - id: s${i}`);
    if (i % 3 === 1) {
      lines.push('    uses: if', `    needs: [s${i - 1}]`, `    with: { condition: "\${{ steps.s${i - 1}.output > ${i} }}" }`);
    } else {
      lines.push('    uses: transform');
      if (i > 0) lines.push(`    needs: [${i % 3 === 2 ? `s${i - 1}.then` : `s${i - 1}`}]`);
      lines.push('    retry: { attempts: 3, delay: 1s }', '    with:', `      expression: "${i > 0 ? `$count(steps.s${i - 1}.output) + ` : ''}${i}"`);
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

export default async (): Promise<BenchRow[]> => {
  const text = bigWorkflow(500);
  const check = parseWorkflow(text, { catalog: builtinCatalog() });
  if (!check.ok) throw new Error(`bench workflow invalid: ${check.diagnostics[0]?.message ?? ''}`);
  const doc = WorkflowDocument.parse(text);
  const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`)].join('\n');
  const hostile: [string, string][] = [
    ['5 MB file', 'steps:\n' + '  - { id: s, uses: transform, with: { expression: "1" } }\n'.repeat(90_000)],
    ['10,000-level nesting', `vars: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
    ['alias bomb', bomb],
    ['binary garbage', Array.from({ length: 1_000_000 }, (_, i) => String.fromCharCode((i * 7919 + 13) % 256)).join('')],
  ];
  return [
    { area: 'dsl', metric: 'parse+validate 500 steps', value: timeIt(20, () => parseWorkflow(text)), unit: 'ms', target: '< 100', note: `${(text.length / 1024).toFixed(0)} KB` },
    { area: 'dsl', metric: 'validate parsed doc, 500 steps', value: timeIt(20, () => validateDocument(doc)), unit: 'ms', target: '< 100', note: 'after a studio edit' },
    { area: 'dsl', metric: 'format 500 steps', value: timeIt(10, () => formatWorkflow(text)), unit: 'ms' },
    { area: 'dsl', metric: 'edit (setLayout) 500 steps', value: timeIt(10, () => WorkflowDocument.parse(text).setLayout('s250', [1, 2])), unit: 'ms', note: 'parse + edit + reparse' },
    ...hostile.map(([name, t]): BenchRow => ({ area: 'dsl', metric: `refuse ${name}`, value: timeIt(3, () => parseWorkflow(t)), unit: 'ms', target: '< 1000' })),
  ];
};
