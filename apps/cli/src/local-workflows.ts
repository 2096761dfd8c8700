import { readdirSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { parseWorkflow, type BlockCatalog, type Diagnostic, type Workflow } from '@weft/dsl';
import type { ResolvedWorkflow, WorkflowResolver } from '@weft/engine';
import { readTextFile } from './io';

export interface SiblingProblem {
  file: string;
  diagnostics: Diagnostic[];
}

/**
 * Child workflows for `weft run`: every other `.yaml`/`.yml` file beside the main file, by `id`.
 * Valid ones are runnable; invalid ones are kept aside so that a child that names one can say why.
 */
export class SiblingWorkflows implements WorkflowResolver {
  private readonly byId = new Map<string, Workflow>();
  /** Files that do not validate, by the id they declare (when they declare one). */
  readonly invalid = new Map<string, SiblingProblem>();

  constructor(mainFile: string, main: Workflow, catalog: BlockCatalog) {
    this.byId.set(main.id, main);
    const dir = dirname(resolve(mainFile));
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      names = [];
    }
    for (const name of names.sort()) {
      const file = join(dir, name);
      if (!['.yaml', '.yml'].includes(extname(name)) || basename(file) === basename(mainFile)) continue;
      const read = readTextFile(file);
      if (!read.ok || !/^\s*kind:\s*Workflow\b/m.test(read.text)) continue;
      const parsed = parseWorkflow(read.text, { catalog });
      if (parsed.workflow) {
        if (!this.byId.has(parsed.workflow.id)) this.byId.set(parsed.workflow.id, parsed.workflow);
      } else {
        const id = /^id:\s*["']?([a-z0-9][a-z0-9-]*)/m.exec(read.text)?.[1];
        if (id) this.invalid.set(id, { file, diagnostics: parsed.diagnostics });
      }
    }
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  async latest(id: string): Promise<ResolvedWorkflow | undefined> {
    const workflow = this.byId.get(id);
    return workflow && { workflow, version: 0 };
  }

  async version(id: string, _version: number): Promise<ResolvedWorkflow | undefined> {
    return this.latest(id);
  }
}

/** Child workflow ids named statically (`uses: workflow`, `with.id` without an expression). */
export function staticChildIds(workflow: Workflow): { stepId: string; id: string }[] {
  return workflow.steps
    .filter((s) => s.uses === 'workflow' && typeof s.with.id === 'string' && !s.with.id.includes('${{'))
    .map((s) => ({ stepId: s.id, id: s.with.id as string }));
}
