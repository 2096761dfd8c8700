import { parseWorkflow } from './src/index';
import { testCatalog } from './src/__fixtures__/test-catalog';
const HEAD = 'apiVersion: weft/v1\nkind: Workflow\nid: t\n';
const texts = [
 `${HEAD}steps:\n  - id: a\n    uses: fail\n    with: { message: m }\n    retry: { attempts: 0 }\n`,
 `${HEAD}triggers:\n  - cron: "0 8 * *"\n  - cron: "0 0 8 * * 1-5"\n    timezone: Europe/Nowhere\n  - webhook: { path: /a/b, method: FETCH }\n  - interval: often\nsteps:\n  - { id: a, uses: fail, with: { message: m } }\n`,
 `${HEAD}steps:\n  - id: check\n    uses: if\n    with: { condition: "true" }\n  - id: b\n    uses: fail\n    needs: [check.yes]\n    with: { message: m }\n`,
 `${HEAD}vars:\n  a: \${{ 1 + }}\n  b: "x \${{ (1 }}"\n  c: 'it''s \${{ ] }}'\n  d: |\n    line one\n    \${{ $foo( }}\nsteps:\n  - { id: s, uses: fail, with: { message: m } }\n`,
 `${HEAD}steps:\n  - id: a\n    uses: fail\n    if: inputs.x =\n    with: { message: m }\n  - id: b\n    uses: fail\n    foreach: \${{ [1, }}\n    with: { message: m }\n  - id: c\n    uses: if\n    with: { condition: "a and and" }\n`,
 `${HEAD}name: \${{ inputs.n }}\nsteps:\n  - id: a\n    uses: fail\n    needs: ["\${{ inputs.x }}"]\n    with: { message: "hi \${{ inputs.n" }\n`,
 [HEAD + 'steps:', '  - { id: a, uses: fail, with: { message: m } }', '  - { id: b, uses: fail, needs: [a], with: { message: m } }', '  - id: c', '    uses: fail', '    needs: [b]', '    with: { message: "${{ steps.a.output }} ${{ steps.d.output }}" }', '  - { id: d, uses: fail, with: { message: m } }', ''].join('\n'),
 `${HEAD}steps:\n  - { id: chk, uses: if, with: { condition: "true" } }\n  - id: b\n    uses: transform\n    needs: [chk.then]\n    if: steps.chk.output.value and steps.b.output\n    with: { expression: "1" }\n`,
 `${HEAD}steps:\n  - { id: fetch, uses: fail, with: { message: m } }\noutputs:\n  o: \${{ $$.steps.fecth.output }}\n`,
 `${HEAD}vars:\n  v: \${{ steps.a.output }}\ntriggers:\n  - webhook: { path: p, secret: "\${{ steps.a.output }}" }\nsteps:\n  - { id: a, uses: fail, with: { message: m } }\noutputs:\n  o: \${{ steps.a.output }}\n`,
];
for (const t of texts) {
  const lines = t.split('\n');
  console.log('-----');
  for (const d of parseWorkflow(t, { catalog: testCatalog }).diagnostics) {
    console.log(`${d.line}:${d.column} ${d.code} ${d.message}`);
    console.log('   |' + lines[d.line - 1]); console.log('   |' + ' '.repeat(d.column - 1) + '^');
  }
}
