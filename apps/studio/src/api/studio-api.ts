/**
 * `StudioApi` over the server's tRPC router. The only file that knows procedure names: when the
 * router changes, this is what follows it.
 */
import type { BlockInfo } from '@weft/dsl';
import { createClient, type UntypedClient } from './client';
import type { RunDetail, RunEvent, RunSummary, StoredWorkflow, StudioApi, WorkflowSummary, WorkflowVersion } from './types';

export function createStudioApi(client: UntypedClient = createClient()): StudioApi {
  const q = <T>(path: string, input?: unknown) => client.query(path, input) as Promise<T>;
  const m = <T>(path: string, input?: unknown) => client.mutation(path, input) as Promise<T>;
  return {
    listWorkflows: (query) => q<WorkflowSummary[]>('workflows.list', query ? { query } : {}),
    getWorkflow: (id, version) => q<StoredWorkflow>('workflows.get', version === undefined ? { id } : { id, version }),
    saveWorkflow: (yaml, message) => m<{ id: string; version: number }>('workflows.save', { yaml, message }),
    deleteWorkflow: async (id) => {
      await m('workflows.delete', { id });
    },
    setEnabled: async (id, enabled) => {
      await m('workflows.setEnabled', { id, enabled });
    },
    history: (id) => q<WorkflowVersion[]>('workflows.history', { id }),
    rollback: (id, version) => m<{ version: number }>('workflows.rollback', { id, version }),
    listBlocks: () => q<BlockInfo[]>('blocks.list'),
    listSecrets: async () => (await q<{ name: string }[]>('secrets.list')).map((s) => s.name),
    startRun: (workflowId, inputs) => m<{ runId: string }>('runs.start', { workflowId, inputs }),
    listRuns: (workflowId, filters) => q<RunSummary[]>('runs.list', { workflowId, ...filters }),
    getRun: (runId) => q<RunDetail>('runs.get', { runId }),
    watchRun: (runId, fromSeq, onEvent, onError) => {
      const sub = client.subscription(
        'runs.events',
        { runId, fromSeq },
        {
          onData: (data: unknown) => {
            // tracked() events arrive as { id, data }.
            const e = data && typeof data === 'object' && 'data' in data ? (data as { data: unknown }).data : data;
            onEvent(e as RunEvent);
          },
          onError: (err: unknown) => onError(err instanceof Error ? err : new Error(String(err))),
        },
      );
      return () => sub.unsubscribe();
    },
  };
}
