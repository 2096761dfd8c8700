/// <reference types="node" />
/**
 * Every lesson can be completed: its starting document and its solution are run with the built
 * `weft run --json` (the embedded engine, as a person's run on the server), and each goal about a
 * run is met by one of the two runs ("see it fail" by the start, the rest by the solution) — the
 * last one by the solution.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { allLessons } from './catalog';
import { checkGoal, type RunFacts } from './goals';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const bin = join(root, 'apps/cli/dist/weft.mjs');
const dir = mkdtempSync(join(tmpdir(), 'weft-lessons-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RUN_GOALS = new Set(['run-status', 'step-status', 'run-output-equals']);

async function run(name: string, text: string): Promise<RunFacts> {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  // `weft run` exits non-zero for a failed run; its JSON is printed either way.
  const out = await new Promise<string>((done, fail) =>
    execFile(process.execPath, [bin, 'run', file, '--json'], { cwd: root, timeout: 60_000 }, (e, stdout) =>
      stdout ? done(stdout) : fail(e ?? new Error('no output')),
    ),
  );
  const j = JSON.parse(out) as {
    status: string;
    outputs: unknown;
    steps: Record<string, { status: string; attempts: number }>;
  };
  return { status: j.status, outputs: j.outputs, steps: j.steps };
}

describe('every lesson can be completed', () => {
  for (const lesson of allLessons()) {
    it(`${lesson.id}: the start and the solution meet every run goal`, { timeout: 120_000 }, async () => {
      const start = await run(`${lesson.id}-start`, lesson.start);
      const solution = await run(`${lesson.id}-solution`, lesson.solution);
      const runGoals = lesson.goals.filter((g) => RUN_GOALS.has(g.check.kind));
      expect(runGoals.length).toBeGreaterThan(0);
      for (const g of runGoals) {
        const met = [start, solution].some((r) => checkGoal(g.check, { doc: null, run: r }));
        expect(met, `goal ${g.id}`).toBe(true);
      }
      const last = runGoals[runGoals.length - 1];
      if (last)
        expect(checkGoal(last.check, { doc: null, run: solution }), `last goal ${last.id}`).toBe(true);
    });
  }
});
