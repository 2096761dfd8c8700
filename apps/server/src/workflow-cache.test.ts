import { builtinCatalog } from '@weft/dsl';
import { openStore, type WeftStore } from '@weft/store';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkflowCache } from './workflow-cache';

const yaml = (steps: number): string => `apiVersion: weft/v1
kind: Workflow
id: wf
triggers:
  - webhook: { path: in }
steps:
${Array.from({ length: steps }, (_, i) => `  - id: s${i}\n    uses: transform\n    with: { expression: "1" }`).join('\n')}
`;

describe('WorkflowCache answers from memory without a promise', () => {
  let store: WeftStore | undefined;
  afterEach(async () => store?.close());

  const save = (s: WeftStore, text: string, at: number): Promise<number> =>
    s.repos.workflows.saveVersion({
      workflowId: 'wf',
      name: 'wf',
      yaml: text,
      hash: `h${at}`,
      createdAt: at,
    });

  it('holds a parsed version and the current row once read, and forgets the row on a save', async () => {
    store = await openStore('sqlite::memory:');
    const cache = new WorkflowCache(store.repos.workflows, builtinCatalog());
    await save(store, yaml(1), 1);
    // Nothing read yet: the caller must take the async path.
    expect(cache.cached('wf', 1)).toBeUndefined();
    expect(cache.latestWithRowCached('wf')).toBeUndefined();

    const read = await cache.latestWithRow('wf');
    expect(read?.resolved?.workflow.steps).toHaveLength(1);
    // The same objects as the async path gave: nothing parsed or allocated again.
    expect(cache.cached('wf', 1)).toBe(read?.resolved);
    expect(await cache.version('wf', 1)).toBe(read?.resolved);
    const hit = cache.latestWithRowCached('wf');
    expect(hit?.row).toBe(read?.row);
    expect(hit?.resolved).toBe(read?.resolved);

    // A new version: the row is no longer current, so the sync path declines until it is read again.
    await save(store, yaml(2), 2);
    expect(cache.latestWithRowCached('wf')).toBeUndefined();
    const again = await cache.latestWithRow('wf');
    expect(again?.row.latestVersion).toBe(2);
    expect(cache.latestWithRowCached('wf')?.resolved?.workflow.steps).toHaveLength(2);
    // Version 1 is immutable and still held.
    expect(cache.cached('wf', 1)?.workflow.steps).toHaveLength(1);
  });

  it('holds a version that does not validate as undefined on both paths', async () => {
    store = await openStore('sqlite::memory:');
    const cache = new WorkflowCache(store.repos.workflows, builtinCatalog());
    await save(store, 'id: wf\nsteps: nope', 1);
    const read = await cache.latestWithRow('wf');
    expect(read?.row.latestVersion).toBe(1);
    expect(read?.resolved).toBeUndefined();
    expect(cache.cached('wf', 1)).toBeUndefined();
    const hit = cache.latestWithRowCached('wf');
    expect(hit?.row).toBe(read?.row);
    expect(hit?.resolved).toBeUndefined();
  });
});
