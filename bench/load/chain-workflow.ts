/**
 * The issue-14 harness's workflow: webhook → `length` "+1" steps → response (sync), answering
 * `{ n: n + length }` (what `runLoad` checks with `increment: length`).
 */
export function chainWorkflow(length: number): string {
  const steps = Array.from({ length }, (_, i) =>
    i === 0
      ? `  - id: s1\n    uses: transform\n    with: { expression: "trigger.body.n + 1" }`
      : `  - id: s${i + 1}\n    uses: transform\n    needs: [s${i}]\n    with: { expression: "steps.s${i}.output + 1" }`,
  );
  return `apiVersion: weft/v1
kind: Workflow
id: chain-${length}
triggers:
  - webhook: { path: in, mode: sync }
steps:
${steps.join('\n')}
outputs:
  n: "\${{ steps.s${length}.output }}"
`;
}
