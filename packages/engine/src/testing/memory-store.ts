import type {
  ClaimOptions,
  Commit,
  NewRun,
  RunCommand,
  RunEvent,
  RunId,
  RunRecord,
  StepRecord,
  Store,
  StoredCommand,
} from '../ports';
import { LeaseLostError } from '../ports';

interface Lease {
  owner: string;
  until: number;
}

const TERMINAL = new Set(['SUCCESS', 'FAILED', 'CANCELLED']);
const clone = <T>(v: T): T =>
  v === undefined || v === null || typeof v !== 'object' ? v : structuredClone(v);
const same = <T>(v: T): T => v;

/**
 * An in-memory `Store` that behaves like the SQLite/PostgreSQL ones (leases, commands, admission of
 * QUEUED runs under a workflow's `concurrency`), for tests and benchmarks. Everything handed in or out
 * is copied, as a database would.
 */
export class MemoryStore implements Store {
  private readonly copy: <T>(v: T) => T;
  /** `clone: false` skips copying records in and out (benchmarks of the engine alone). */
  constructor(opts: { clone?: boolean } = {}) {
    this.copy = opts.clone === false ? same : clone;
  }
  private readonly runs = new Map<RunId, RunRecord>();
  private readonly leases = new Map<RunId, Lease>();
  private readonly steps = new Map<RunId, Map<string, StepRecord>>();
  private readonly events = new Map<RunId, RunEvent[]>();
  private readonly commands = new Map<RunId, StoredCommand[]>();
  private readonly keys = new Map<string, RunId>();
  /** Non-terminal runs, in creation order. */
  private readonly live = new Map<RunId, RunRecord>();
  private nextCommandId = 1;

  async createRun(run: NewRun): Promise<{ run: RunRecord; created: boolean }> {
    const r = this.createNow(run);
    await Promise.resolve();
    return r;
  }

  private createNow(run: NewRun): { run: RunRecord; created: boolean } {
    if (run.idempotencyKey !== undefined) {
      const existing = this.keys.get(`${run.workflowId}\0${run.idempotencyKey}`);
      const rec = existing && this.runs.get(existing);
      if (rec) return { run: this.copy(rec), created: false };
    }
    if (this.runs.has(run.id)) throw new Error(`run ${run.id} already exists`);
    const { lease, ...fields } = run;
    const rec: RunRecord = { ...this.copy(fields), status: 'QUEUED', lastSeq: 1 };
    this.runs.set(run.id, rec);
    this.live.set(run.id, rec);
    this.steps.set(run.id, new Map());
    if (lease) this.leases.set(run.id, { owner: lease.owner, until: lease.until });
    const { id: _id, createdAt, ...data } = this.copy(fields);
    this.events.set(run.id, [{ runId: run.id, seq: 1, at: createdAt, type: 'run.created', data }]);
    if (run.idempotencyKey !== undefined) this.keys.set(`${run.workflowId}\0${run.idempotencyKey}`, run.id);
    return { run: this.copy(rec), created: true };
  }

  async commit(c: Commit): Promise<number> {
    const n = this.commitNow(c); // applied at call time, as a synchronous database driver would
    await Promise.resolve();
    return n;
  }

  private commitNow(c: Commit): number {
    if (c.create) this.createNow(c.create);
    const run = this.runs.get(c.runId);
    if (!run) throw new Error(`unknown run ${c.runId}`);
    if (this.leases.get(c.runId)?.owner !== c.owner) throw new LeaseLostError(c.runId);
    if (c.run) {
      // A key present with `undefined` clears the field.
      for (const [k, v] of Object.entries(c.run))
        (run as unknown as Record<string, unknown>)[k] = this.copy(v);
    }
    if (TERMINAL.has(run.status)) this.live.delete(c.runId);
    const steps = this.steps.get(c.runId) as Map<string, StepRecord>;
    for (const s of c.steps ?? []) steps.set(s.stepId, this.copy(s));
    const log = this.events.get(c.runId) as RunEvent[];
    for (const e of c.events) log.push({ ...this.copy(e), runId: c.runId, seq: ++run.lastSeq });
    if (c.ackCommands?.length) {
      const acked = new Set(c.ackCommands);
      this.commands.set(
        c.runId,
        (this.commands.get(c.runId) ?? []).filter((x) => !acked.has(x.id)),
      );
    }
    if (c.release) this.leases.delete(c.runId);
    return run.lastSeq;
  }

  async getRun(runId: RunId): Promise<RunRecord | undefined> {
    await Promise.resolve();
    return this.copy(this.runs.get(runId));
  }

  async getSteps(runId: RunId): Promise<StepRecord[]> {
    await Promise.resolve();
    return [...(this.steps.get(runId)?.values() ?? [])].map((x) => this.copy(x));
  }

  async listEvents(runId: RunId, afterSeq: number, limit: number): Promise<RunEvent[]> {
    await Promise.resolve();
    const log = this.events.get(runId) ?? [];
    return log.slice(Math.max(0, afterSeq), Math.max(0, afterSeq) + limit).map((x) => this.copy(x));
  }

  async claimRuns(opts: ClaimOptions): Promise<RunId[]> {
    await Promise.resolve();
    const active = new Map<string, number>();
    const isLeased = (id: RunId): boolean => {
      const l = this.leases.get(id);
      return l !== undefined && l.until > opts.now;
    };
    for (const r of this.live.values()) {
      if (r.status === 'RUNNING' || r.status === 'WAITING' || (r.status === 'QUEUED' && isLeased(r.id))) {
        active.set(r.workflowId, (active.get(r.workflowId) ?? 0) + 1);
      }
    }
    const blocked = new Set<string>();
    const out: RunId[] = [];
    for (const r of this.live.values()) {
      if (out.length >= opts.limit) break;
      if (TERMINAL.has(r.status)) continue;
      const lease = this.leases.get(r.id);
      const free = !lease || lease.until <= opts.now || lease.owner === opts.owner;
      if (r.status === 'QUEUED') {
        const mine = lease?.owner === opts.owner;
        if (lease && lease.until > opts.now && !mine) continue;
        // already ours, being started (unless a restarted engine takes back what its name held)
        if (mine && lease.until > opts.now && !opts.reclaimOwn) continue;
        if (blocked.has(r.workflowId)) continue;
        const n = active.get(r.workflowId) ?? 0;
        if (r.concurrencyLimit !== undefined && n >= r.concurrencyLimit) {
          blocked.add(r.workflowId); // keep creation order: no younger run overtakes
          continue;
        }
        active.set(r.workflowId, n + 1);
      } else {
        const due =
          (r.wakeAt !== undefined && r.wakeAt <= opts.now) || (this.commands.get(r.id)?.length ?? 0) > 0;
        const expired = lease !== undefined && lease.until <= opts.now;
        const reclaim = opts.reclaimOwn === true && lease?.owner === opts.owner;
        if (!free || !(due || expired || reclaim || (lease === undefined && r.status === 'RUNNING')))
          continue;
      }
      this.leases.set(r.id, { owner: opts.owner, until: opts.now + opts.leaseMs });
      out.push(r.id);
    }
    return out;
  }

  async renewLeases(owner: string, runIds: readonly RunId[], until: number): Promise<RunId[]> {
    await Promise.resolve();
    const lost: RunId[] = [];
    for (const id of runIds) {
      const l = this.leases.get(id);
      if (l?.owner === owner) l.until = until;
      else lost.push(id);
    }
    return lost;
  }

  async releaseRun(owner: string, runId: RunId): Promise<void> {
    await Promise.resolve();
    if (this.leases.get(runId)?.owner === owner) this.leases.delete(runId);
  }

  async addCommand(runId: RunId, command: RunCommand, at: number): Promise<void> {
    await Promise.resolve();
    if (!this.runs.has(runId)) throw new Error(`unknown run ${runId}`);
    const list = this.commands.get(runId) ?? [];
    list.push({ id: this.nextCommandId++, runId, command: this.copy(command), createdAt: at });
    this.commands.set(runId, list);
  }

  async listCommands(runId: RunId): Promise<StoredCommand[]> {
    await Promise.resolve();
    return (this.commands.get(runId) ?? []).map((x) => this.copy(x));
  }

  async listChildRuns(parentRunId: RunId): Promise<RunRecord[]> {
    await Promise.resolve();
    return [...this.runs.values()].filter((r) => r.parent?.runId === parentRunId).map((x) => this.copy(x));
  }
}
