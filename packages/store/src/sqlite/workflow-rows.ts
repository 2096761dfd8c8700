/**
 * Workflow rows held in memory on SQLite. Every webhook request looks its workflow's row up (is it
 * enabled, which version is the latest), and a row changes only when the workflow is saved, enabled or
 * disabled, or deleted. Writes through this repository forget the rows; writes by another connection
 * (another `weft` process on the same file) are noticed through `PRAGMA data_version`, which changes
 * whenever another connection commits — so a row is never served after any change was committed.
 */
import type { WorkflowRepo, WorkflowRow } from '../repos';

/**
 * `repo` with `get` answered from memory while nothing was written. `otherWrites` returns SQLite's
 * `data_version`: it changes when another connection commits (our own commits leave it as it is).
 */
export function cachedWorkflowRows(repo: WorkflowRepo, otherWrites: () => number): WorkflowRepo {
  const rows = new Map<string, Readonly<WorkflowRow>>();
  let seen = otherWrites();
  /** Bumped by every write: a read that started before one must not store what it read. */
  let generation = 0;
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
  const writing =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      forget();
      try {
        return await fn(...a);
      } finally {
        forget();
      }
    };
  return {
    ...repo,
    cached(id) {
      checkOthers();
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
