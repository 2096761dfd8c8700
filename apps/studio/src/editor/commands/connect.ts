/** Connecting two steps adds a need to the target; disconnecting removes it. */
import type { Workflow } from '@weft/dsl';
import type { DocumentStore } from '../../document/store';
import { runEdit, fail, done, type CommandResult } from './edit';

export interface Connection {
  source: string;
  /** The source's named port (`then`, `approved`, a switch case), if the edge leaves from one. */
  port?: string;
  target: string;
}

export function needText(c: Pick<Connection, 'source' | 'port'>): string {
  return c.port ? `${c.source}.${c.port}` : c.source;
}

/** True when `to` is reachable from `from` through needs (i.e. `to` runs after `from`). */
export function isDownstream(workflow: Workflow, from: string, to: string): boolean {
  const dependents = new Map<string, string[]>();
  for (const s of workflow.steps) {
    for (const n of s.needs) dependents.set(n.step, [...(dependents.get(n.step) ?? []), s.id]);
  }
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const cur = stack.pop() as string;
    if (cur === to) return true;
    if (seen.has(cur)) continue;
    seen.add(cur);
    stack.push(...(dependents.get(cur) ?? []));
  }
  return false;
}

/** Checks a connection before it is drawn (React Flow's `isValidConnection`). */
export function checkConnection(workflow: Workflow | null, c: Connection): CommandResult {
  if (!workflow) return fail('the workflow does not parse');
  if (c.source === c.target) return fail('a step cannot need itself');
  const target = workflow.steps.find((s) => s.id === c.target);
  if (!target || !workflow.steps.some((s) => s.id === c.source)) return fail('unknown step');
  if (target.needs.some((n) => n.step === c.source && n.port === c.port))
    return fail(`${c.target} already needs ${needText(c)}`);
  if (isDownstream(workflow, c.target, c.source))
    return fail(`connecting ${c.source} to ${c.target} would make a cycle`);
  return done;
}

export function connect(store: DocumentStore, c: Connection): CommandResult {
  const check = checkConnection(store.getState().workflow, c);
  if (!check.ok) return check;
  return runEdit(store, (doc) => doc.addNeed(c.target, needText(c)));
}

export function disconnect(store: DocumentStore, connections: readonly Connection[]): CommandResult {
  if (connections.length === 0) return done;
  return runEdit(store, (doc) => {
    for (const c of connections) {
      const r = doc.removeNeed(c.target, needText(c));
      if (!r.ok) return r;
    }
  });
}
