/**
 * Completion inside expressions: `inputs.`, `vars.`, `secrets.`, `steps.<upstream>.output` —
 * only steps upstream of the edited one, as the DSL's upstream rule demands.
 */
import type { Workflow } from '@weft/dsl';

export interface CompletionContext {
  workflow: Workflow;
  /** The step whose field is edited; null for workflow-level fields (outputs). */
  stepId: string | null;
  secretNames?: readonly string[];
  /**
   * A breakpoint condition: it also sees the step's resolved inputs, by name and under `with`
   * (the engine evaluates it over `{ ...with, inputs, vars, steps, …, with }`).
   */
  breakpoint?: boolean;
}

export interface Completion {
  /** Offset in the text where the replaced word starts. */
  from: number;
  items: readonly { label: string; detail: string }[];
}

/** Ids of the steps `stepId` needs, directly or not. */
export function upstreamOf(workflow: Workflow, stepId: string): string[] {
  const byId = new Map(workflow.steps.map((s) => [s.id, s]));
  const seen = new Set<string>();
  const stack = [...(byId.get(stepId)?.needs.map((n) => n.step) ?? [])];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id) || id === stepId) continue;
    seen.add(id);
    stack.push(...(byId.get(id)?.needs.map((n) => n.step) ?? []));
  }
  return workflow.steps.map((s) => s.id).filter((id) => seen.has(id));
}

function candidates(ctx: CompletionContext): { label: string; detail: string }[] {
  const wf = ctx.workflow;
  const out: { label: string; detail: string }[] = [];
  for (const [name, spec] of Object.entries(wf.inputs))
    out.push({ label: `inputs.${name}`, detail: `input (${spec.type})` });
  for (const name of Object.keys(wf.vars)) out.push({ label: `vars.${name}`, detail: 'variable' });
  for (const name of ctx.secretNames ?? []) out.push({ label: `secrets.${name}`, detail: 'secret' });
  const step = ctx.stepId ? wf.steps.find((x) => x.id === ctx.stepId) : undefined;
  if (step?.foreach !== undefined) {
    out.push({ label: 'item', detail: 'the current foreach item' });
    out.push({ label: 'index', detail: "the item's index (from 0)" });
  }
  if (step && ctx.breakpoint) {
    for (const name of Object.keys(step.with)) {
      out.push({ label: name, detail: 'resolved input of this step' });
      out.push({ label: `with.${name}`, detail: 'resolved input of this step' });
    }
  }
  if (ctx.stepId) {
    for (const id of upstreamOf(wf, ctx.stepId)) {
      out.push({ label: `steps.${id}.output`, detail: 'output of an upstream step' });
      out.push({ label: `steps.${id}.status`, detail: 'status of an upstream step' });
    }
  }
  for (const root of ['inputs', 'vars', 'secrets', 'steps'])
    out.push({ label: `${root}.`, detail: 'namespace' });
  return out;
}

/**
 * What to offer at the caret, given the text before it. Inside a `${{ }}` template, or anywhere in
 * a field that is always an expression (`if`, `foreach`, …).
 */
export function completeExpression(
  before: string,
  ctx: CompletionContext,
  alwaysExpression = false,
): Completion | null {
  let expression = before;
  if (!alwaysExpression) {
    const open = before.lastIndexOf('${{');
    if (open < 0 || before.indexOf('}}', open) >= 0) return null;
    expression = before.slice(open + 3);
  }
  if (insideString(expression)) return null;
  const m = /(?:^|[^\w.$])([A-Za-z_][\w.]*)$/.exec(expression);
  const word = m?.[1] ?? '';
  // No word at the caret: offer only at the start of the expression. After an operator, a number,
  // a closing bracket or a space the person is typing something else, and Enter must not insert.
  if (word === '' && expression.trim() !== '') return null;
  const from = before.length - word.length;
  const matching = candidates(ctx).filter((c) => c.label.startsWith(word) && c.label !== word);
  // A namespace is only worth offering when nothing more specific matches.
  const specific = matching.filter((c) => c.detail !== 'namespace');
  const items = word !== '' && specific.length > 0 ? specific : matching;
  // Without a word, offer the namespaces and the most useful paths, not everything.
  const shown =
    word === ''
      ? items.filter(
          (c) =>
            c.detail === 'namespace' ||
            c.label.startsWith('steps.') ||
            c.label === 'item' ||
            c.label === 'index',
        )
      : items;
  return shown.length > 0 ? { from, items: shown.slice(0, 50) } : null;
}

/** True when the caret is inside a quoted string of the expression (JSONata: '…', "…" or `…`). */
function insideString(expression: string): boolean {
  let quote: string | null = null;
  for (let i = 0; i < expression.length; i++) {
    const ch = expression[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"' || ch === '`') quote = ch;
  }
  return quote !== null;
}
