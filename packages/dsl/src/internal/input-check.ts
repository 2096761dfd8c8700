import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, type Document } from 'yaml';
import type { BlockInfo } from '../catalog';
import type { Diagnostics } from './diag';
import { deref, type Path } from './shape';
import type { StepEntry } from './steps-index';

// Compiling uses `new Function`; that is acceptable here (no CSP in the studio yet).
// Block schemas were checked against the meta-schema when their manifest was loaded (and the
// built-ins' are ours): skipping that here saves compiling the meta-schema in every process.
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, validateSchema: false });
const compiled = new WeakMap<BlockInfo, ValidateFunction | Error>();

function validatorOf(block: BlockInfo): ValidateFunction | Error {
  let v = compiled.get(block);
  if (!v) {
    try {
      v = ajv.compile(block.inputs);
    } catch (e) {
      v = e instanceof Error ? e : new Error(String(e));
    }
    compiled.set(block, v);
  }
  return v;
}

const REMOVED = Symbol('removed');

/**
 * Drop every value that holds a `${{ }}`: those are checked at run time, once resolved.
 * `templated` collects their JSON pointers so errors about them can be ignored.
 */
function staticPart(value: unknown, pointer: string, templated: Set<string>): unknown {
  if (typeof value === 'string') {
    if (value.includes('${{')) {
      templated.add(pointer);
      return REMOVED;
    }
    return value;
  }
  if (Array.isArray(value))
    return value.map((v, i) => {
      const s = staticPart(v, `${pointer}/${i}`, templated);
      return s === REMOVED ? null : s;
    });
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const s = staticPart(v, `${pointer}/${escape(k)}`, templated);
      if (s !== REMOVED) out[k] = s;
    }
    return out;
  }
  return value;
}

const escape = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');
const unescape = (k: string): string => k.replace(/~1/g, '/').replace(/~0/g, '~');

const COMBINATORS = new Set(['oneOf', 'anyOf', 'not', 'if', 'contains', 'dependentRequired', 'dependencies']);

/** True when the error is about a templated value, or a combination that may depend on one. */
function touchesTemplate(pointer: string, keyword: string, templated: ReadonlySet<string>): boolean {
  for (const t of templated) {
    if (t === pointer || pointer.startsWith(`${t}/`)) return true;
    if (COMBINATORS.has(keyword) && t.startsWith(`${pointer}/`)) return true;
  }
  return false;
}

/** E_INVALID_INPUT: the static part of `with` against the block's input JSON Schema. */
export function checkInputs(
  entry: StepEntry,
  block: BlockInfo,
  ctx: { doc: Document.Parsed; diags: Diagnostics },
): void {
  const who = entry.id ? `step '${entry.id}'` : `steps[${entry.index}]`;
  const base: Path = ['steps', entry.index, 'with'];
  const validate = validatorOf(block);
  if (validate instanceof Error) {
    ctx.diags.at(
      'E_INVALID_INPUT',
      `${who}: the input schema of ${entry.uses ?? block.name} is invalid (${validate.message})`,
      entry.usesNode,
      ['steps', entry.index, 'uses'],
    );
    return;
  }
  const templated = new Set<string>();
  const data = staticPart(entry.with ?? {}, '', templated);
  if (validate(data) || !validate.errors) return;
  const errors = validate.errors;
  // A failed oneOf/anyOf also lists why each branch failed; keep only the summary.
  const combos = new Set(
    errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.schemaPath),
  );
  for (const e of errors) {
    if ([...combos].some((c) => e.schemaPath !== c && e.schemaPath.startsWith(`${c}/`))) continue;
    const target =
      e.keyword === 'required'
        ? `${e.instancePath}/${escape(String(e.params['missingProperty']))}`
        : e.instancePath;
    if (touchesTemplate(target, e.keyword, templated)) continue;
    const segs = e.instancePath.split('/').slice(1).map(unescape);
    const nodePath: Path = [...base, ...segs.map((s) => (/^\d+$/.test(s) ? Number(s) : s))];
    let node = deref(ctx.doc.getIn(nodePath, true), ctx);
    const name = segs.length ? `input '${segs.join('.')}'` : 'its inputs';
    let message: string;
    switch (e.keyword) {
      case 'required':
        message = `${who}: ${block.builtin ? block.name : entry.uses} needs the input '${[...segs, String(e.params['missingProperty'])].join('.')}'`;
        if (!node) node = entry.withNode ?? entry.usesNode;
        break;
      case 'additionalProperties': {
        const key = String(e.params['additionalProperty']);
        message = `${who}: ${block.builtin ? block.name : entry.uses} has no input '${[...segs, key].join('.')}'`;
        if (isMap(node))
          node = node.items.find((p) => String((p.key as { value?: unknown })?.value) === key)?.key ?? node;
        break;
      }
      case 'oneOf':
      case 'anyOf':
        message = `${who}: ${name} ${oneOfMessage(e, block)}`;
        break;
      case 'enum':
        message = `${who}: ${name} must be one of ${((e.params['allowedValues'] as unknown[]) ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      default:
        message = `${who}: ${name} ${e.message ?? 'is not valid'}`;
    }
    ctx.diags.at('E_INVALID_INPUT', message, node ?? entry.node, nodePath);
  }
}

function oneOfMessage(e: ErrorObject, block: BlockInfo): string {
  const variants = (block.inputs as { oneOf?: unknown[] }).oneOf;
  const keys = variants
    ?.map((v) => (v as { required?: string[] }).required?.[0])
    .filter((k): k is string => !!k);
  if (e.keyword === 'oneOf' && e.instancePath === '' && keys && keys.length === variants?.length)
    return `need exactly one of ${keys.join(', ')}`;
  return 'do not match any of the allowed forms';
}

/** E_CONFLICT: foreach with repeat, concurrency without foreach, permissions wider than the workflow's. */
export function checkConflicts(
  entry: StepEntry,
  workflow: { network: readonly string[] | undefined; sql: readonly string[] | undefined },
  diags: Diagnostics,
): void {
  const workflowNetwork = workflow.network;
  const who = entry.id ? `step '${entry.id}'` : `steps[${entry.index}]`;
  const has = (k: string): boolean => entry.node.has(k);
  const keyNode = (k: string): unknown =>
    entry.node.items.find((p) => (p.key as { value?: unknown })?.value === k)?.key;
  if (has('foreach') && has('repeat'))
    diags.at('E_CONFLICT', `${who} has both foreach and repeat; use one of them`, keyNode('repeat'), [
      'steps',
      entry.index,
      'repeat',
    ]);
  if (has('concurrency') && !has('foreach'))
    diags.at(
      'E_CONFLICT',
      `${who} sets concurrency without foreach; concurrency limits foreach items in flight`,
      keyNode('concurrency'),
      ['steps', entry.index, 'concurrency'],
    );
  const net = entry.node.getIn(['permissions', 'network'], true);
  if (net && typeof net === 'object' && 'items' in net && Array.isArray(net.items)) {
    (net.items as unknown[]).forEach((item, i) => {
      const host = (item as { value?: unknown }).value;
      if (typeof host === 'string' && !(workflowNetwork ?? []).some((w) => hostCovers(w, host)))
        diags.at(
          'E_CONFLICT',
          `${who}: permissions.network allows '${host}', which the workflow's permissions do not; a step may only narrow them`,
          item,
          ['steps', entry.index, 'permissions', 'network', i],
        );
    });
  }
  const sql = entry.node.getIn(['permissions', 'sql'], true);
  if (sql && typeof sql === 'object' && 'items' in sql && Array.isArray(sql.items)) {
    (sql.items as unknown[]).forEach((item, i) => {
      const name = (item as { value?: unknown }).value;
      if (typeof name === 'string' && !(workflow.sql ?? []).includes(name))
        diags.at(
          'E_CONFLICT',
          `${who}: permissions.sql names the connection '${name}', which the workflow's permissions do not; a step may only narrow them`,
          item,
          ['steps', entry.index, 'permissions', 'sql', i],
        );
    });
  }
}

/** True when workflow entry `w` allows everything step entry `s` allows. */
export function hostCovers(w: string, s: string): boolean {
  if (w === s || w === '*') return true;
  if (w.startsWith('*.')) {
    const suffix = w.slice(1);
    return s.endsWith(suffix) && s.length > suffix.length;
  }
  return false;
}

/**
 * Checks a whole resolved input (no templates left) against the block's input JSON Schema: one
 * message per problem (`/amount must be number`), none when it fits. The studio's debugger checks an
 * edited input with it before sending it.
 */
export function checkBlockInput(block: BlockInfo, value: unknown): string[] {
  const validate = validatorOf(block);
  if (validate instanceof Error)
    return [`the input schema of ${block.name} is invalid (${validate.message})`];
  if (validate(value) || !validate.errors) return [];
  return validate.errors.slice(0, 10).map((e) => {
    const at = e.instancePath ? e.instancePath.slice(1).split('/').map(unescape).join('.') : 'the input';
    if (e.keyword === 'required') return `${at} needs '${String(e.params['missingProperty'])}'`;
    if (e.keyword === 'additionalProperties')
      return `${at} has no '${String(e.params['additionalProperty'])}'`;
    return `${at} ${e.message ?? 'is not valid'}`;
  });
}
