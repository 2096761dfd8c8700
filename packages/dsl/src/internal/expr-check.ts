import { isMap, isPair, isScalar, isSeq, type Document, type Scalar } from 'yaml';
import { analyzeExpression, type ExpressionAnalysis } from '../expression';
import { splitTemplate } from '../template';
import type { Diagnostics } from './diag';
import { suggest, type StepGraph } from './graph-check';
import { sourceOffset } from './scalar-offset';
import type { Path } from './shape';
import type { StepEntry } from './steps-index';

/** Who evaluates an expression, which decides which `steps.X` it may read. */
type Scope = { kind: 'step'; step: StepEntry } | { kind: 'outputs' } | { kind: 'start'; what: string };

type Region = { mode: 'template' | 'always'; scope: Scope } | { mode: 'skip' } | { mode: 'forbidden' };

interface Ctx {
  doc: Document.Parsed;
  text: string;
  diags: Diagnostics;
  graph: StepGraph;
  steps: readonly StepEntry[];
  label(path: Path): string;
}

const ALWAYS_STEP_KEYS = new Set(['if', 'foreach']);

function regionOf(path: Path, ctx: Ctx, byIndex: ReadonlyMap<number, StepEntry>): Region {
  const [top, i, key, sub] = path;
  if (typeof top === 'string' && top.startsWith('x-')) return { mode: 'skip' };
  if (top === 'vars')
    return { mode: 'template', scope: { kind: 'start', what: 'vars are evaluated when the run starts' } };
  if (top === 'outputs') return { mode: 'template', scope: { kind: 'outputs' } };
  if (top === 'triggers' && key === 'webhook' && sub === 'secret' && path.length === 4)
    return {
      mode: 'template',
      scope: { kind: 'start', what: 'a trigger secret is read when a request arrives' },
    };
  if (top === 'notify' && key === 'webhook' && sub === 'secret' && path.length === 4)
    return {
      mode: 'template',
      scope: { kind: 'start', what: 'a notify secret is read when the notice is sent' },
    };
  if (top === 'steps' && typeof i === 'number') {
    const step = byIndex.get(i);
    if (typeof key === 'string' && key.startsWith('x-')) return { mode: 'skip' };
    if (!step) return { mode: 'forbidden' };
    const scope: Scope = { kind: 'step', step };
    if (key === 'with') {
      if (
        path.length === 4 &&
        ((step.uses === 'if' && sub === 'condition') || (step.uses === 'transform' && sub === 'expression'))
      )
        return { mode: 'always', scope };
      return { mode: 'template', scope };
    }
    if (path.length === 3 && typeof key === 'string' && ALWAYS_STEP_KEYS.has(key))
      return { mode: 'always', scope };
    if (key === 'repeat' && sub === 'until' && path.length === 4) return { mode: 'always', scope };
  }
  return { mode: 'forbidden' };
}

/** E_EXPRESSION, E_UNKNOWN_STEP, E_STEP_NOT_UPSTREAM for every expression of the document. */
export function checkExpressions(ctx: Ctx): void {
  const byIndex = new Map(ctx.steps.map((s) => [s.index, s]));
  const visit = (node: unknown, path: Path): void => {
    if (isScalar(node)) {
      checkScalar(node, path, ctx, byIndex);
    } else if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        visit(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => visit(item, [...path, i]));
  };
  visit(ctx.doc.contents, []);
}

function checkScalar(node: Scalar, path: Path, ctx: Ctx, byIndex: ReadonlyMap<number, StepEntry>): void {
  const value = node.value;
  const isString = typeof value === 'string';
  const region = regionOf(path, ctx, byIndex);
  if (region.mode === 'skip') return;
  if (region.mode === 'forbidden') {
    if (isString && value.includes('${{'))
      ctx.diags.at(
        'E_EXPRESSION',
        `${ctx.label(path)}: expressions are not allowed here; \${{ }} works only in with, vars, outputs, if, foreach, repeat.until and a webhook or notify secret`,
        node,
        path,
      );
    return;
  }
  if (!isString) return;
  if (region.mode === 'always') {
    const t = splitTemplate(value);
    if (!t.ok) return report(ctx, node, path, `${ctx.label(path)}: ${t.message}`, t.offset);
    const exprs = t.parts.filter((p) => p.kind === 'expr');
    const texts = t.parts.filter((p) => p.kind === 'text' && p.text.trim() !== '');
    if (exprs.length === 0)
      return checkOne(ctx, { node, path, scope: region.scope, source: value, offset: 0 });
    if (exprs.length === 1 && texts.length === 0) {
      const e = exprs[0] as { source: string; offset: number };
      return checkOne(ctx, { node, path, scope: region.scope, source: e.source, offset: e.offset });
    }
    return report(
      ctx,
      node,
      path,
      `${ctx.label(path)} is always an expression: write it without \${{ }}, or wrap all of it in one \${{ }}`,
      0,
    );
  }
  if (!value.includes('${{')) return;
  const t = splitTemplate(value);
  if (!t.ok) return report(ctx, node, path, `${ctx.label(path)}: ${t.message}`, t.offset);
  for (const part of t.parts) {
    if (part.kind === 'expr')
      checkOne(ctx, { node, path, scope: region.scope, source: part.source, offset: part.offset });
  }
}

function report(
  ctx: Ctx,
  node: Scalar,
  path: Path,
  message: string,
  valueOffset: number,
  code: 'E_EXPRESSION' | 'E_UNKNOWN_STEP' | 'E_STEP_NOT_UPSTREAM' = 'E_EXPRESSION',
  length = 1,
  hint?: string,
): void {
  const start = sourceOffset(node, ctx.text, valueOffset, hint);
  ctx.diags.atOffset(code, message, { start, end: start + length }, path);
}

interface Site {
  node: Scalar;
  path: Path;
  scope: Scope;
  source: string;
  /** Offset of `source` inside the scalar's value. */
  offset: number;
}

function checkOne(ctx: Ctx, site: Site): void {
  const a: ExpressionAnalysis = analyzeExpression(site.source);
  if (!a.ok) {
    const off = a.error?.offset ?? 0;
    const quoted =
      site.source.trim().length > 60 ? `${site.source.trim().slice(0, 60)}…` : site.source.trim();
    report(
      ctx,
      site.node,
      site.path,
      `${ctx.label(site.path)}: invalid expression '${quoted}': ${a.error?.message ?? 'syntax error'}`,
      site.offset + off,
      'E_EXPRESSION',
      1,
      site.source.slice(off, off + 12) || undefined,
    );
    return;
  }
  for (const ref of a.stepRefs) {
    const at = (message: string, code: 'E_UNKNOWN_STEP' | 'E_STEP_NOT_UPSTREAM'): void =>
      report(
        ctx,
        site.node,
        site.path,
        message,
        site.offset + ref.offset,
        code,
        ref.length,
        site.source.slice(ref.offset, ref.offset + ref.length),
      );
    const where = ctx.label(site.path);
    if (!ctx.graph.ids.has(ref.id)) {
      at(
        `${where} reads steps.${ref.id}, but there is no step '${ref.id}'${suggest(ref.id, ctx.graph.ids)}`,
        'E_UNKNOWN_STEP',
      );
      continue;
    }
    const scope = site.scope;
    switch (scope.kind) {
      case 'outputs':
        break;
      case 'start':
        at(`${where} reads steps.${ref.id}, but ${scope.what}, before any step`, 'E_STEP_NOT_UPSTREAM');
        break;
      case 'step': {
        const id = scope.step.id;
        if (id === undefined || !ctx.graph.ids.has(id)) break;
        if (ref.id === id)
          at(
            `${where} reads its own steps.${id}; a step can only read steps it needs (inside repeat.until use \`output\`)`,
            'E_STEP_NOT_UPSTREAM',
          );
        else if (!ctx.graph.isUpstream(id, ref.id))
          at(
            `${where} reads steps.${ref.id}, but '${ref.id}' is not upstream of '${id}'; add it (or a step after it) to needs`,
            'E_STEP_NOT_UPSTREAM',
          );
        break;
      }
    }
  }
}
