import { validateYaml } from '@weft/api';
import type { BlockCatalog, Workflow } from '@weft/dsl';
import type { ResolvedWorkflow, WorkflowResolver } from '@weft/engine';
import type { WorkflowRepo, WorkflowRow } from '@weft/store';

/**
 * Parsed workflow versions, cached by (id, version): versions are immutable, so a cached parse never
 * goes stale. Also the engine's `WorkflowResolver`.
 */
export class WorkflowCache implements WorkflowResolver {
  private readonly parsed = new Map<string, Workflow | null>();

  constructor(
    private readonly repo: WorkflowRepo,
    private readonly catalog: BlockCatalog,
    private readonly max = 500,
  ) {}

  /** Forgets every parse (the block catalog changed: a version may now validate, or no longer). */
  clear(): void {
    this.parsed.clear();
  }

  /** Parse a YAML text (not cached: for texts that are not stored versions). */
  parseText(yaml: string): Workflow | undefined {
    return validateYaml(yaml, this.catalog).workflow;
  }

  async version(id: string, version: number): Promise<ResolvedWorkflow | undefined> {
    const key = `${id}@${version}`;
    let wf = this.parsed.get(key);
    if (wf === undefined) {
      const row = await this.repo.workflowVersion(id, version);
      if (!row) return undefined;
      wf = this.parseText(row.yaml) ?? null;
      this.remember(key, wf);
    }
    return wf ? { workflow: wf, version } : undefined;
  }

  async latest(id: string): Promise<ResolvedWorkflow | undefined> {
    const row = await this.repo.get(id);
    return row ? this.version(id, row.latestVersion) : undefined;
  }

  /** The workflow's row and its latest parsed version. */
  async latestWithRow(
    id: string,
  ): Promise<{ row: WorkflowRow; resolved: ResolvedWorkflow | undefined } | undefined> {
    const row = await this.repo.get(id);
    if (!row) return undefined;
    return { row, resolved: await this.version(id, row.latestVersion) };
  }

  private remember(key: string, wf: Workflow | null): void {
    if (this.parsed.size >= this.max) {
      const oldest = this.parsed.keys().next().value;
      if (oldest !== undefined) this.parsed.delete(oldest);
    }
    this.parsed.set(key, wf);
  }
}
