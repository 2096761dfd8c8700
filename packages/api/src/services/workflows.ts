/**
 * Workflow versions: validate with @weft/dsl, store immutable versions, diff, roll back, export.
 */
import { createHash } from 'node:crypto';
import { createTwoFilesPatch } from 'diff';
import { parseDocument } from 'yaml';
import type { Workflow } from '@weft/dsl';
import type { WorkflowRepo, WorkflowVersionRow } from '@weft/store';
import { ApiError, notFound } from '../errors';
import type { ApiDeps } from '../ports';
import { validateYaml } from './validate';

export interface SaveResult {
  id: string;
  version: number;
  hash: string;
  /** True when the text equals the latest version: nothing is stored, `version` is that version. */
  unchanged: boolean;
  /** True when only `layout` (or nothing) changed: no trigger is re-armed. */
  layoutOnly: boolean;
  triggersChanged: boolean;
  /**
   * Saved with `create` while a workflow with this id exists: nothing was stored, `version` is the
   * existing workflow's latest. The studio then offers a new id or opening the existing one.
   */
  taken?: boolean;
}

export function hashYaml(yaml: string): string {
  return createHash('sha256').update(yaml, 'utf8').digest('hex');
}

/** Parse a stored, already validated version (throws when a stored version no longer validates). */
export function parseStored(deps: ApiDeps, row: WorkflowVersionRow): Workflow {
  const r = validateYaml(row.yaml, deps.catalog);
  if (!r.workflow)
    throw new ApiError(
      'INVALID_WORKFLOW',
      `stored version ${row.version} of ${row.workflowId} no longer validates: ${r.diagnostics[0]?.message ?? 'unknown error'}`,
      { diagnostics: r.diagnostics },
    );
  return r.workflow;
}

/** What decides how a workflow runs: everything but `layout` (and display-only keys). */
function runtimeShape(w: Workflow): string {
  const { layout: _layout, ...rest } = w;
  return JSON.stringify(rest);
}

function triggerShape(w: Workflow): string {
  return JSON.stringify({ triggers: w.triggers, enabled: w.enabled });
}

export async function saveWorkflow(
  deps: ApiDeps,
  input: { yaml: string; id?: string; message?: string; author?: string; create?: boolean },
): Promise<SaveResult> {
  const parsed = validateYaml(input.yaml, deps.catalog);
  if (!parsed.workflow) {
    const first = parsed.diagnostics[0];
    const where = first ? ` (line ${first.line}:${first.column}: ${first.code} ${first.message})` : '';
    throw new ApiError(
      'INVALID_WORKFLOW',
      `workflow is invalid: ${parsed.diagnostics.length} error(s)${where}`,
      { diagnostics: parsed.diagnostics },
    );
  }
  const wf = parsed.workflow;
  if (input.id !== undefined && input.id !== wf.id) {
    throw new ApiError(
      'BAD_REQUEST',
      `the YAML's id "${wf.id}" does not match the workflow being saved ("${input.id}")`,
    );
  }
  const repo = deps.store.repos.workflows;
  const prevRow = await repo.latestWorkflow(wf.id);
  const hash = hashYaml(input.yaml);
  // A new document never replaces a saved workflow: the caller asks the person what to do instead.
  if (input.create && prevRow) {
    return {
      id: wf.id,
      version: prevRow.version,
      hash: prevRow.hash,
      unchanged: false,
      layoutOnly: true,
      triggersChanged: false,
      taken: true,
    };
  }
  // Saving the text of the latest version again stores nothing: a version is a change.
  if (prevRow?.hash === hash) {
    return {
      id: wf.id,
      version: prevRow.version,
      hash,
      unchanged: true,
      layoutOnly: true,
      triggersChanged: false,
    };
  }
  const prev = prevRow ? safeParse(deps, prevRow) : undefined;
  const version = await repo.saveVersion({
    workflowId: wf.id,
    yaml: input.yaml,
    hash,
    name: wf.name ?? wf.id,
    ...(wf.description !== undefined ? { description: wf.description } : {}),
    ...(input.author !== undefined ? { author: input.author } : {}),
    ...(input.message !== undefined ? { message: input.message } : {}),
    createdAt: deps.now(),
  });
  const layoutOnly = prev !== undefined && runtimeShape(prev) === runtimeShape(wf);
  const triggersChanged =
    prev === undefined ? wf.triggers.length > 0 : triggerShape(prev) !== triggerShape(wf);
  if (!layoutOnly) deps.hooks.workflowChanged({ workflowId: wf.id, version, triggersChanged });
  return { id: wf.id, version, hash, unchanged: false, layoutOnly, triggersChanged };
}

function safeParse(deps: ApiDeps, row: WorkflowVersionRow): Workflow | undefined {
  try {
    return parseStored(deps, row);
  } catch {
    return undefined;
  }
}

export async function getVersion(
  repo: WorkflowRepo,
  id: string,
  version?: number,
): Promise<WorkflowVersionRow> {
  const row = version === undefined ? await repo.latestWorkflow(id) : await repo.workflowVersion(id, version);
  if (!row)
    throw notFound(version === undefined ? `workflow "${id}"` : `version ${version} of workflow "${id}"`);
  return row;
}

/** A unified diff of two versions' YAML text. */
export async function diffVersions(
  repo: WorkflowRepo,
  id: string,
  from: number,
  to: number,
): Promise<{ from: number; to: number; patch: string; changed: boolean }> {
  const [a, b] = await Promise.all([getVersion(repo, id, from), getVersion(repo, id, to)]);
  const patch = createTwoFilesPatch(
    `${id}@v${from}.yaml`,
    `${id}@v${to}.yaml`,
    a.yaml,
    b.yaml,
    undefined,
    undefined,
    { context: 3 },
  );
  return { from, to, patch, changed: a.hash !== b.hash };
}

/** The YAML as stored, or without its `layout` block (comments elsewhere kept). */
export function exportYaml(yaml: string, opts: { noLayout: boolean }): string {
  if (!opts.noLayout) return yaml;
  const doc = parseDocument(yaml);
  if (!doc.has('layout')) return yaml;
  doc.delete('layout');
  return doc.toString();
}
