import { validateYaml } from '@weft/api';
import type { BlockCatalog, Workflow } from '@weft/dsl';
import type { ResolvedWorkflow, WorkflowResolver } from '@weft/engine';
import type { WorkflowRepo, WorkflowRow } from '@weft/store';

/**
 * Parsed workflow versions, cached by (id, version): versions are immutable, so a cached parse never
 * goes stale. Also the engine's `WorkflowResolver`. Each version is held as the `ResolvedWorkflow` the
 * engine takes, so a hit allocates nothing; `cached` and `latestWithRowCached` answer a hit without a
 * promise (the webhook path).
 */
export class WorkflowCache implements WorkflowResolver {
  private readonly parsed = new Map<string, ResolvedWorkflow | null>();

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

  /** A version parsed before (undefined: not held, or it does not validate; ask `version`). */
  cached(id: string, version: number): ResolvedWorkflow | undefined {
    return this.parsed.get(`${id}@${version}`) ?? undefined;
  }

  async version(id: string, version: number): Promise<ResolvedWorkflow | undefined> {
    const key = `${id}@${version}`;
    let resolved = this.parsed.get(key);
    if (resolved === undefined) {
      const row = await this.repo.workflowVersion(id, version);
      if (!row) return undefined;
      const workflow = this.parseText(row.yaml);
      resolved = workflow ? { workflow, version } : null;
      this.remember(key, resolved);
    }
    return resolved ?? undefined;
  }

  async latest(id: string): Promise<ResolvedWorkflow | undefined> {
    const row = await this.repo.get(id);
    return row ? this.version(id, row.latestVersion) : undefined;
  }

  /** The workflow's row and its latest parsed version. */
  async latestWithRow(id: string): Promise<RowAndVersion | undefined> {
    const row = await this.repo.get(id);
    if (!row) return undefined;
    return { row, resolved: await this.version(id, row.latestVersion) };
  }

  /**
   * `latestWithRow` from memory: the repository's current row (`WorkflowRepo.cached`) and its latest
   * version parsed before, with no query and no promise; undefined when either is not held.
   */
  latestWithRowCached(id: string): RowAndVersion | undefined {
    const row = this.repo.cached?.(id);
    if (!row) return undefined;
    const resolved = this.parsed.get(`${id}@${row.latestVersion}`);
    return resolved === undefined ? undefined : { row, resolved: resolved ?? undefined };
  }

  private remember(key: string, resolved: ResolvedWorkflow | null): void {
    if (this.parsed.size >= this.max) {
      const oldest = this.parsed.keys().next().value;
      if (oldest !== undefined) this.parsed.delete(oldest);
    }
    this.parsed.set(key, resolved);
  }
}

export interface RowAndVersion {
  row: WorkflowRow;
  /** Undefined when the latest version does not validate against this server's blocks. */
  resolved: ResolvedWorkflow | undefined;
}
