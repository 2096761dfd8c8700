import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, startHarness, type Harness } from './testing/harness';

describe('templates API: the gallery cards and "use this template"', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('lists cards with the x-gallery metadata and filters by category, tag and words', async () => {
    const c = h.client();
    const all = await c.templates.list.query();
    expect(all.length).toBeGreaterThanOrEqual(24);
    const expense = all.find((t) => t.id === 'expense-approval');
    expect(expense).toMatchObject({
      workflowId: 'expense-approval',
      category: 'Human in the loop',
      difficulty: 'beginner',
      secrets: [],
      hosts: [],
      inputs: { amount: 100, requester: 'Ada' },
      featured: true,
    });
    expect(expense?.steps.map((s) => s.id)).toEqual(['large', 'review', 'decision']);
    expect(all.find((t) => t.id === 'ai-summarise')).toMatchObject({
      secrets: ['OPENAI_API_KEY'],
      hosts: ['api.openai.com'],
    });
    const ai = await c.templates.list.query({ category: 'ai pipelines' });
    expect(ai.length).toBeGreaterThanOrEqual(4);
    expect(ai.every((t) => t.category === 'AI pipelines')).toBe(true);
    expect((await c.templates.list.query({ tag: 'stripe' })).map((t) => t.id)).toEqual(['stripe-to-ledger']);
    expect((await c.templates.list.query({ search: 'ROLLBACK deploy' })).map((t) => t.id)).toEqual([
      'deploy-with-approval',
    ]);
  });

  it('use creates a new workflow under a fresh id and never touches one that exists', async () => {
    const c = h.client();
    const first = await c.templates.use.mutate({ id: 'expense-approval' });
    expect(first).toEqual({
      templateId: 'expense-approval',
      workflowId: 'expense-approval',
      version: 1,
      disabled: false,
    });
    const before = await c.workflows.get.query({ id: 'expense-approval' });
    const second = await c.templates.use.mutate({ id: 'expense-approval' });
    expect(second.workflowId).toBe('expense-approval-2');
    const after = await c.workflows.get.query({ id: 'expense-approval' });
    expect(after.version.version).toBe(before.version.version);
    expect(after.version.yaml).toBe(before.version.yaml);
    const copy = await c.workflows.get.query({ id: 'expense-approval-2' });
    expect(copy.version.yaml).toMatch(/^id: expense-approval-2$/m);
    const { runId } = await c.runs.start.mutate({
      workflowId: 'expense-approval-2',
      inputs: { amount: 100, requester: 'Ada' },
    });
    const done = await h.waitForStatus(runId, ['SUCCESS', 'FAILED']);
    expect(done.run.status).toBe('SUCCESS');
    expect(done.run.outputs).toEqual({ approved: true, by: 'auto' });
  });

  it('a template with triggers is stored switched off until its checklist is done', async () => {
    const c = h.client();
    const used = await c.templates.use.mutate({ id: 'uptime-check' });
    expect(used.disabled).toBe(true);
    const w = await c.workflows.get.query({ id: used.workflowId });
    expect(w.workflow.enabled).toBe(false);
    expect(await failure(c.templates.use.mutate({ id: 'no-such-template' }))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
