import { describe, expect, it } from 'vitest';
import { builtinCatalog, combineCatalogs, createCatalog, parseWorkflow, type Workflow } from '@weft/dsl';
import { hostOf, networkWarnings } from './network-check';

const catalog = combineCatalogs(
  builtinCatalog(),
  createCatalog([
    {
      name: 'http',
      version: '1.0.0',
      title: 'HTTP',
      description: '',
      category: 'Network',
      icon: 'globe',
      builtin: false,
      inputs: { type: 'object', properties: { url: { type: 'string' } } },
      capabilities: { network: true },
    },
  ]),
);

const wf = (extra: string): Workflow =>
  parseWorkflow(
    `apiVersion: weft/v1
kind: Workflow
id: n
${extra}
steps:
  - id: fetch
    uses: http@1
    with: { url: "https://api.example.com/x" }
  - id: dynamic
    uses: http@1
    with: { url: "\${{ inputs.u }}" }
  - id: local
    uses: transform
    with: { expression: "1" }
`,
    { catalog },
  ).workflow as Workflow;

describe('network warnings', () => {
  it('name the network steps when no host is permitted, with the host when it is written out', () => {
    const w = networkWarnings(wf(''), catalog);
    expect(w.map((x) => [x.stepId, x.host])).toEqual([
      ['fetch', 'api.example.com'],
      ['dynamic', undefined],
    ]);
    expect(w[0]?.message).toContain("Add api.example.com to the workflow's permissions.network");
  });
  it('are gone once the workflow permits a host', () => {
    expect(networkWarnings(wf('permissions: { network: [api.example.com] }'), catalog)).toEqual([]);
  });
  it('read only literal http(s) URLs', () => {
    expect(hostOf('http://127.0.0.1:8080/x')).toBe('127.0.0.1');
    expect(hostOf('${{ vars.base }}/x')).toBeUndefined();
    expect(hostOf('ftp://x')).toBeUndefined();
    expect(hostOf(3)).toBeUndefined();
  });
});
