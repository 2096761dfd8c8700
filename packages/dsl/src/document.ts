import { isMap, isScalar, isSeq, type Document, type LineCounter, type YAMLMap, type YAMLSeq } from 'yaml';
import { err, ok, type Result } from './result';
import { rangeOf } from './internal/diag';
import {
  applySplices,
  EditFailure,
  findPair,
  insertItem,
  removeItem,
  removeItems,
  removePair,
  setIn,
  unsetIn,
  type PathKey,
  type Splice,
  type Src,
} from './internal/edit-ops';
import { DEFAULT_LIMITS, finishLight, loadYaml, type Loaded, type LoadLimits } from './internal/load';
import { renameSplices } from './internal/rename';
import { STEP_ID_PATTERN } from './internal/workflow-shape';

/** Why an edit was refused. The document is unchanged when an edit fails. */
export interface EditError {
  code: 'NOT_FOUND' | 'INVALID' | 'CONFLICT' | 'BROKEN_DOCUMENT';
  message: string;
}

export type EditResult = Result<void, EditError>;

/** A new step: `id` and `uses` first, then any other step keys, in the order they should be written. */
export type StepInput = { id: string; uses: string } & Record<string, unknown>;

export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Where new keys go, so that added fields land where a person would put them. */
export const STEP_KEY_ORDER = [
  'id',
  'name',
  'description',
  'uses',
  'needs',
  'join',
  'if',
  'foreach',
  'concurrency',
  'repeat',
  'with',
  'retry',
  'timeout',
  'onError',
  'permissions',
];
export const WORKFLOW_KEY_ORDER = [
  'apiVersion',
  'kind',
  'id',
  'name',
  'description',
  'tags',
  'enabled',
  'inputs',
  'vars',
  'permissions',
  'triggers',
  'defaults',
  'concurrency',
  'failFast',
  'steps',
  'outputs',
  'layout',
];
const STEP_ID_RE = new RegExp(STEP_ID_PATTERN);

const fail = (code: EditError['code'], message: string): EditResult => err({ code, message });

/**
 * A workflow file as the studio edits it: the yaml Document (comments and all) plus positions.
 * Every edit rewrites only the lines it must, so the rest of the file stays byte-identical.
 *
 * @example
 * const doc = WorkflowDocument.parse(text);
 * doc.addStep({ id: 'notify', uses: 'http@1', needs: ['fetch'], with: { url: 'https://…' } });
 * doc.setLayout('notify', [400, 0]);
 * save(doc.toString());
 */
export class WorkflowDocument {
  private batching = false;
  /** The parse of the text; null until first needed for a document made by `parseLater`. */
  private parsed: (Loaded & { text: string }) | null = null;
  /** `parseLater`'s text and plain value, until the text is parsed. */
  private pending: { text: string; value: unknown } | null = null;

  private constructor(
    first: (Loaded & { text: string }) | { text: string; value: unknown },
    private readonly limits: LoadLimits,
  ) {
    if ('doc' in first) this.parsed = first;
    else this.pending = first;
  }

  static parse(text: string, limits: Partial<LoadLimits> = {}): WorkflowDocument {
    const l = { ...DEFAULT_LIMITS, ...limits };
    return new WorkflowDocument({ ...loadYaml(text, l, { chunked: true }), text }, l);
  }

  /**
   * The document of `text`, parsed only when first needed (an edit, a position, its tree,
   * validation), not now: for a text already parsed elsewhere (in a worker) whose plain `value`
   * (that parse's `value`) is known. `text` and `value` answer without parsing; everything else
   * is as `parse(text, limits)`, which it then does.
   *
   * @example
   * // In a worker: post { text, value: WorkflowDocument.parse(text).value }; on the main thread:
   * const doc = WorkflowDocument.parseLater(text, value);
   */
  static parseLater(text: string, value: unknown, limits: Partial<LoadLimits> = {}): WorkflowDocument {
    return new WorkflowDocument({ text, value }, { ...DEFAULT_LIMITS, ...limits });
  }

  /** The parse state; a `parseLater` document's text is parsed here, on first use. */
  private get state(): Loaded & { text: string } {
    if (!this.parsed) {
      const text = this.pending?.text ?? '';
      this.parsed = { ...loadYaml(text, this.limits, { chunked: true }), text };
      this.pending = null;
    }
    return this.parsed;
  }

  private set state(next: Loaded & { text: string }) {
    this.parsed = next;
    this.pending = null;
  }

  /** The current text of the file. */
  get text(): string {
    return this.pending?.text ?? this.state.text;
  }

  /**
   * The plain value of the file (numbers, strings, lists and maps as written; shared, never change
   * it), or undefined when it cannot be built safely (a YAML error, an alias).
   */
  get value(): unknown {
    return this.pending ? this.pending.value : this.state.value;
  }
  /** The yaml Document (read it; change it only through the edit methods). */
  get yaml(): Document.Parsed {
    return this.state.doc;
  }
  get lineCounter(): LineCounter {
    return this.state.lineCounter;
  }
  /** @internal parse state used by validation. */
  get loaded(): Loaded {
    return this.state;
  }

  toString(): string {
    return this.text;
  }

  clone(): WorkflowDocument {
    return WorkflowDocument.parse(this.text, this.limits);
  }

  /** Source range of the node at `path` (e.g. `['steps', 2, 'needs', 0]`), or of its closest existing parent. */
  positionOf(path: readonly PathKey[]): SourceRange | undefined {
    const { doc, lineCounter } = this.state;
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (node && typeof node === 'object' && 'range' in node) {
        const r = rangeOf(node);
        const s = lineCounter.linePos(r.start);
        const e = lineCounter.linePos(r.end);
        return { line: s.line, column: s.col, endLine: e.line, endColumn: e.col };
      }
    }
    return undefined;
  }

  /** Ids of the steps, in file order. */
  stepIds(): string[] {
    const steps = this.state.doc.get('steps', true);
    if (!isSeq(steps)) return [];
    return steps.items.flatMap((s) => {
      const id = isMap(s) ? s.get('id') : undefined;
      return typeof id === 'string' ? [id] : [];
    });
  }

  addStep(step: StepInput, options: { after?: string } = {}): EditResult {
    if (!STEP_ID_RE.test(step.id)) return fail('INVALID', `'${step.id}' is not a valid step id`);
    if (this.stepIds().includes(step.id)) return fail('CONFLICT', `a step '${step.id}' already exists`);
    return this.edit((src) => {
      const steps = src.doc.get('steps', true);
      if (!isSeq(steps)) return setIn(src, this.root(src.doc), ['steps'], [step], WORKFLOW_KEY_ORDER);
      const index = options.after === undefined ? undefined : this.findStep(options.after)?.index;
      if (options.after !== undefined && index === undefined)
        throw new NotFound(`no step '${options.after}'`);
      return insertItem(src, steps, index, step, this.blankBetweenSteps(steps));
    });
  }

  /** Remove a step, its entries in other steps' needs, and its layout position (one re-parse). */
  removeStep(id: string): EditResult {
    if (!this.findStep(id)) return fail('NOT_FOUND', `no step '${id}'`);
    const gone = (need: string): boolean => need === id || need.startsWith(`${id}.`);
    return this.edit((src) => {
      const found = this.findStepIn(src.doc, id);
      if (!found) throw new NotFound(`no step '${id}'`);
      const splices = removeItem(src, found.seq, found.index);
      found.seq.items.forEach((item, i) => {
        if (i !== found.index && isMap(item)) splices.push(...removeNeedsWhere(src, item, gone));
      });
      if (isMap(src.doc.contents)) splices.push(...unsetIn(src, src.doc.contents, ['layout', id]));
      return splices;
    });
  }

  /**
   * Run several edits as one: `doc.batch(() => { doc.setLayout('a', [0, 0]); doc.setLayout('b', [0, 200]); })`.
   * Inside, each edit re-reads only the chunks of the file it changed and skips the whole-file
   * checks, which run once at the end. When `run` throws or returns a failed result
   * (`{ ok: false }`), the document is put back as it was before the batch. Returns what `run` returns.
   * Validate (or `draftWorkflow`) after the batch, not inside it. Throws, leaving the document
   * unchanged, only if the edits nest the file deeper than the load limits allow.
   */
  batch<T>(run: (doc: this) => T): T {
    if (this.batching) return run(this);
    const before = this.state;
    this.batching = true;
    let result: T;
    try {
      result = run(this);
    } catch (e) {
      this.state = before;
      throw e;
    } finally {
      this.batching = false;
    }
    const failed =
      typeof result === 'object' &&
      result !== null &&
      'ok' in result &&
      (result as { ok: unknown }).ok === false;
    if (failed) this.state = before;
    else if (this.state !== before) {
      // The last edit's light load already has the chunks, the value and the depth: no second parse.
      const { text } = this.state;
      const finished = finishLight(this.state, text, this.limits);
      const next = finished ? { ...finished, text } : this.load(text, false);
      if (next.fatal && !before.fatal) {
        // Only the whole-file checks skipped inside the batch can get here (e.g. nesting past the limit).
        this.state = before;
        throw new Error(
          `the edits of this batch would break the YAML (${next.diags.list[0]?.message ?? 'unknown'}); the document is unchanged`,
        );
      }
      this.state = next;
    }
    return result;
  }

  /** Rename a step: its id, every need on it, its layout key and `steps.<old>` in expressions. */
  renameStep(oldId: string, newId: string): EditResult {
    if (!this.findStep(oldId)) return fail('NOT_FOUND', `no step '${oldId}'`);
    if (!STEP_ID_RE.test(newId)) return fail('INVALID', `'${newId}' is not a valid step id`);
    if (oldId === newId) return ok(undefined);
    if (this.stepIds().includes(newId)) return fail('CONFLICT', `a step '${newId}' already exists`);
    return this.edit((src) => renameSplices(src, oldId, newId));
  }

  /** Set any field of a step, e.g. `setStepField('fetch', ['with', 'url'], 'https://…')`. */
  setStepField(id: string, path: readonly PathKey[], value: unknown): EditResult {
    if (path[0] === 'id')
      return path.length === 1 && typeof value === 'string'
        ? this.renameStep(id, value)
        : fail('INVALID', 'use renameStep to change a step id');
    if (path.length === 0) return fail('INVALID', 'the path is empty');
    if (value === undefined) return this.unsetStepField(id, path);
    return this.edit((src) => setIn(src, this.stepMap(src.doc, id), path, value, STEP_KEY_ORDER));
  }

  unsetStepField(id: string, path: readonly PathKey[]): EditResult {
    if (path[0] === 'id' || path[0] === 'uses')
      return fail('INVALID', `a step cannot be without '${String(path[0])}'`);
    return this.edit((src) => unsetIn(src, this.stepMap(src.doc, id), path));
  }

  addNeed(id: string, need: string): EditResult {
    if (this.needsOf(id).includes(need)) return ok(undefined);
    return this.edit((src) => {
      const map = this.stepMap(src.doc, id);
      const pair = findPair(map, 'needs');
      const v = pair?.value;
      if (isSeq(v) && v.items.length > 0) return insertItem(src, v, undefined, need);
      return setIn(src, map, ['needs'], [...this.needsOf(id), need], STEP_KEY_ORDER);
    });
  }

  removeNeed(id: string, need: string): EditResult {
    const needs = this.needsOf(id);
    if (!needs.includes(need))
      return this.findStep(id) ? ok(undefined) : fail('NOT_FOUND', `no step '${id}'`);
    return this.edit((src) => {
      const map = this.stepMap(src.doc, id);
      const pair = findPair(map, 'needs');
      const v = pair?.value;
      if (!pair || needs.length === 1) return pair ? removePair(src, map, pair) : [];
      if (isSeq(v))
        return removeItem(
          src,
          v,
          v.items.findIndex((n) => isScalar(n) && n.value === need),
        );
      return [];
    });
  }

  setLayout(id: string, position: readonly [number, number]): EditResult {
    if (!position.every((n) => Number.isFinite(n)))
      return fail('INVALID', 'a position is two finite numbers');
    return this.setWorkflowField(['layout', id], [position[0], position[1]]);
  }

  removeLayout(id: string): EditResult {
    return this.edit((src) =>
      isMap(src.doc.contents) ? unsetIn(src, src.doc.contents, ['layout', id]) : [],
    );
  }

  /** Set any top-level field, e.g. `setWorkflowField(['triggers'], [{ cron: '0 8 * * *' }])`. */
  setWorkflowField(path: readonly PathKey[], value: unknown): EditResult {
    if (path.length === 0) return fail('INVALID', 'the path is empty');
    if (value === undefined) return this.unsetWorkflowField(path);
    return this.edit((src) => setIn(src, this.root(src.doc), path, value, WORKFLOW_KEY_ORDER));
  }

  unsetWorkflowField(path: readonly PathKey[]): EditResult {
    return this.edit((src) => unsetIn(src, this.root(src.doc), path));
  }

  /** The needs of a step as written (`fetch`, `check.then`). */
  needsOf(id: string): string[] {
    const found = this.findStep(id);
    if (!found) return [];
    const v = found.map.get('needs', true);
    if (isSeq(v))
      return v.items.flatMap((n) => (isScalar(n) && typeof n.value === 'string' ? [n.value] : []));
    return isScalar(v) && typeof v.value === 'string' ? [v.value] : [];
  }

  // ---- internals ----

  private edit(make: (src: { text: string; doc: Document.Parsed }) => Splice[]): EditResult {
    if (this.state.fatal || this.state.doc.errors.some((e) => e.code !== 'DUPLICATE_KEY'))
      return fail('BROKEN_DOCUMENT', 'the YAML has syntax errors; fix them before editing');
    let splices: Splice[];
    try {
      splices = make({ text: this.state.text, doc: this.state.doc });
    } catch (e) {
      if (e instanceof NotFound) return fail('NOT_FOUND', e.message);
      if (e instanceof EditFailure) return fail('INVALID', e.message);
      throw e;
    }
    if (splices.length === 0) return ok(undefined);
    const text = applySplices(this.state.text, splices);
    const next = this.load(text, this.batching);
    if (next.fatal || next.doc.errors.length > this.state.doc.errors.length)
      return fail(
        'INVALID',
        `internal error: the edit would break the YAML (${next.diags.list[0]?.message ?? 'unknown'})`,
      );
    this.state = next;
    return ok(undefined);
  }

  /** Re-read the text after an edit, taking unchanged chunks from the current state. */
  private load(text: string, light: boolean): Loaded & { text: string } {
    const previous = this.state.chunks;
    return {
      ...loadYaml(text, this.limits, { chunked: true, light, ...(previous ? { previous } : {}) }),
      text,
    };
  }

  private root(doc: Document.Parsed = this.state.doc): YAMLMap {
    if (!isMap(doc.contents)) throw new EditFailure('the document is not a map');
    return doc.contents;
  }

  private findStep(id: string): { seq: YAMLSeq; index: number; map: YAMLMap } | undefined {
    return this.findStepIn(this.state.doc, id);
  }

  private findStepIn(
    doc: Document.Parsed,
    id: string,
  ): { seq: YAMLSeq; index: number; map: YAMLMap } | undefined {
    const seq = doc.get('steps', true);
    if (!isSeq(seq)) return undefined;
    const index = seq.items.findIndex((s) => isMap(s) && s.get('id') === id);
    const map = seq.items[index];
    return index >= 0 && isMap(map) ? { seq, index, map } : undefined;
  }

  private stepMap(doc: Document.Parsed, id: string): YAMLMap {
    const found = this.findStepIn(doc, id);
    if (!found) throw new NotFound(`no step '${id}'`);
    return found.map;
  }

  /** True when the author separates steps with blank lines. */
  private blankBetweenSteps(seq: YAMLSeq): boolean {
    return seq.items
      .slice(1)
      .some(
        (s) =>
          (s as { spaceBefore?: boolean }).spaceBefore ||
          (isMap(s) && (s.items[0]?.key as { spaceBefore?: boolean })?.spaceBefore),
      );
  }
}

class NotFound extends Error {}

/** The splices that drop the needs `gone` picks from one step (the `needs` key too when none is left). */
function removeNeedsWhere(src: Src, map: YAMLMap, gone: (need: string) => boolean): Splice[] {
  const pair = findPair(map, 'needs');
  const v = pair?.value;
  if (!pair) return [];
  if (isScalar(v)) return typeof v.value === 'string' && gone(v.value) ? removePair(src, map, pair) : [];
  if (!isSeq(v)) return [];
  const hit = v.items.flatMap((n, i) =>
    isScalar(n) && typeof n.value === 'string' && gone(n.value) ? [i] : [],
  );
  if (hit.length === 0) return [];
  return hit.length === v.items.length ? removePair(src, map, pair) : removeItems(src, v, hit);
}
