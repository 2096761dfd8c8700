/**
 * Workflow rows held in memory on SQLite. Every webhook request looks its workflow's row up (is it
 * enabled, which version is the latest), and a row changes only when the workflow is saved, enabled or
 * disabled, or deleted. Writes through this repository forget the rows; writes by another connection
 * (another `weft` process on the same file) are noticed through `PRAGMA data_version`, which changes
 * whenever another connection commits.
 *
 * `get` asks `data_version` every time. `cached` (the webhook hot path, no promise) asks it once per
 * event-loop turn: the query is a read transaction of its own (two `fcntl` locks and a `stat`, ~2 µs,
 * a fifth of a webhook run's system calls), and the requests one turn answers were all received
 * before it began, so none of them can follow a commit the turn's first check did not see. A write
 * through any store of this process is seen at once (`localWrites`).
 */
import type { WorkflowRepo, WorkflowRow } from '../repos';

/** Workflow writes through every cached repository of this process (another connection here). */
let localWrites = 0;

/** Runs `fn` once the current event-loop turn's I/O callbacks are done (before the next poll). */
const afterThisTurn = (fn: () => void): void => void setImmediate(fn);

/**
 * `repo` with `get` answered from memory while nothing was written. `otherWrites` returns SQLite's
 * `data_version`: it changes when another connection commits (our own commits leave it as it is).
 */
export function cachedWorkflowRows(
  repo: WorkflowRepo,
  otherWrites: () => number,
  nextTurn: (fn: () => void) => void = afterThisTurn,
): WorkflowRepo {
  const rows = new Map<string, Readonly<WorkflowRow>>();
  let seen = otherWrites();
  /** Bumped by every write: a read that started before one must not store what it read. */
  let generation = 0;
  /** `data_version` was read in this turn, when `localWrites` was `checkedAt`. */
  let checkedThisTurn = false;
  let checkedAt = -1;
  const forget = (): void => {
    generation++;
    rows.clear();
  };
  const checkOthers = (): void => {
    const v = otherWrites();
    if (v !== seen) {
      seen = v;
      forget();
    }
  };
  const checkOthersThisTurn = (): void => {
    if (checkedThisTurn && checkedAt === localWrites) return;
    checkOthers();
    checkedAt = localWrites;
    if (!checkedThisTurn) {
      checkedThisTurn = true;
      nextTurn(() => {
        checkedThisTurn = false;
      });
    }
  };
  const writing =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      localWrites++;
      forget();
      try {
        return await fn(...a);
      } finally {
        localWrites++;
        forget();
      }
    };
  return {
    ...repo,
    cached(id) {
      checkOthersThisTurn();
      return rows.get(id);
    },
    async get(id) {
      checkOthers();
      const hit = rows.get(id);
      if (hit) return hit;
      const at = generation;
      const row = await repo.get(id);
      // Rows of workflows that do not exist are not kept: any id can be asked for.
      if (row && at === generation) rows.set(id, Object.freeze(row));
      return row;
    },
    saveVersion: writing(repo.saveVersion),
    setEnabled: writing(repo.setEnabled),
    delete: writing(repo.delete),
  };
}
