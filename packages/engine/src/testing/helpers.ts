import type { Need, Step, Workflow } from '@weft/dsl';
import { Engine } from '../engine';
import type { EngineOptions } from '../engine';
import type { DebugOptions, RunId, RunRecord, StepRecord, WorkflowResolver } from '../ports';
import { FakeClock } from './fake-clock';
import { MemoryStore } from './memory-store';
import { ScriptedRunner } from './scripted-runner';

type StepInput = Partial<Omit<Step, 'needs'>> & { needs?: string[] };

/** A step model object, as `parseWorkflow` would produce it. */
export function step(id: string, uses: string, opts: StepInput = {}): Step {
  const { needs = [], ...rest } = opts;
  return {
    id,
    uses,
    with: {},
    join: 'all',
    onError: 'fail',
    ...rest,
    needs: needs.map((n): Need => {
      const [s, port] = n.split('.');
      return port === undefined ? { step: s as string } : { step: s as string, port };
    }),
  };
}

export function workflow(steps: Step[], extra: Partial<Workflow> = {}): Workflow {
  return {
    apiVersion: 'weft/v1',
    kind: 'Workflow',
    id: 'wf',
    tags: [],
    enabled: true,
    inputs: {},
    vars: {},
    permissions: { network: [] },
    triggers: [],
    defaults: {},
    failFast: true,
    steps,
    outputs: {},
    layout: {},
    ...extra,
  };
}

/** `transform` step shorthand. */
export const tf = (id: string, expression: string, opts: StepInput = {}): Step =>
  step(id, 'transform', { ...opts, with: { expression, ...(opts.with ?? {}) } });

export class Library implements WorkflowResolver {
  readonly byId = new Map<string, Workflow[]>();
  add(w: Workflow): this {
    const list = this.byId.get(w.id) ?? [];
    list.push(w);
    this.byId.set(w.id, list);
    return this;
  }
  async latest(id: string) {
    const list = this.byId.get(id);
    return list?.length ? { workflow: list[list.length - 1] as Workflow, version: list.length } : undefined;
  }
  async version(id: string, v: number) {
    const w = this.byId.get(id)?.[v - 1];
    return w ? { workflow: w, version: v } : undefined;
  }
}

export interface Harness {
  store: MemoryStore;
  clock: FakeClock;
  runner: ScriptedRunner;
  library: Library;
  engine: Engine;
  logs: string[];
  /** Start a run of `w` (registered in the library) and return its id. */
  start(w: Workflow, inputs?: Record<string, unknown>, extra?: { debug?: DebugOptions }): Promise<RunId>;
  /** Start and wait for the end. */
  run(w: Workflow, inputs?: Record<string, unknown>): Promise<Outcome>;
  outcome(runId: RunId): Promise<Outcome>;
}

export interface Outcome {
  run: RunRecord;
  steps: Record<string, StepRecord>;
}

export function harness(opts: Partial<EngineOptions> = {}): Harness {
  const store = new MemoryStore();
  const clock = new FakeClock();
  const runner = new ScriptedRunner();
  const library = new Library();
  const logs: string[] = [];
  let n = 0;
  const engine = new Engine({
    store,
    clock,
    runner,
    workflows: library,
    owner: 'A',
    pollMs: 60_000,
    random: () => 0.5,
    newId: () => `run-${++n}`,
    logger: (e) => logs.push(`${e.level} ${e.message}`),
    ...opts,
  });
  engine.start();
  const outcome = async (runId: RunId): Promise<Outcome> => {
    const run = (await store.getRun(runId)) as RunRecord;
    // Own keys even for a step named `__proto__`.
    const steps: Record<string, StepRecord> = Object.fromEntries(
      (await store.getSteps(runId)).map((s) => [s.stepId, s]),
    );
    return { run, steps };
  };
  const h: Harness = {
    store,
    clock,
    runner,
    library,
    engine,
    logs,
    async start(w, inputs = {}, extra = {}) {
      if (!library.byId.has(w.id)) library.add(w);
      const r = await engine.startRun({ workflowId: w.id, inputs, ...extra });
      if (!r.ok) throw new Error(r.error.message);
      return r.value.runId;
    },
    async run(w, inputs = {}) {
      const id = await h.start(w, inputs);
      await engine.waitForRun(id);
      return outcome(id);
    },
    outcome,
  };
  return h;
}

export const statuses = (o: Outcome): Record<string, string> =>
  Object.fromEntries(Object.entries(o.steps).map(([k, v]) => [k, v.status]));

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(v: T): void;
}
export function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
