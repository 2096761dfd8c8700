/** Starts crash-worker.ts processes and checks the runs they leave behind. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunId } from '@weft/engine';
import type { WeftStore } from '../index';
import { STEP_IDS, expectedResult } from './crash-workflow';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '../../../..');

export interface Worker {
  proc: ChildProcess;
  ready: Promise<void>;
  done: Promise<number | null>;
  output: () => string;
}

export function startWorker(url: string, label: string, env: Record<string, string> = {}): Worker {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(here, 'crash-worker.ts'), url, label], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CRASH_LEASE_MS: '600', ...env },
  });
  let out = '';
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  proc.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('READY')) resolveReady();
  });
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<number | null>((resolve) =>
    proc.on('exit', (code) => {
      resolveReady();
      resolve(code);
    }),
  );
  return { proc, ready, done, output: () => out };
}

/** Kill with SIGKILL and wait until the process is gone. */
export async function kill9(w: Worker): Promise<void> {
  if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
  await w.done;
}

/** Create `count` runs of the crash workflow directly in the store; returns id → input n. */
export async function createRuns(store: WeftStore, count: number): Promise<Map<RunId, number>> {
  const runs = new Map<RunId, number>();
  for (let i = 0; i < count; i++) {
    const id = `crash-${i}-${Math.random().toString(36).slice(2, 8)}` as RunId;
    const n = i * 100;
    await store.createRun({
      id,
      workflowId: 'crash',
      workflowVersion: 1,
      inputs: { n },
      trigger: { type: 'test' },
      createdAt: Date.now(),
    });
    runs.set(id, n);
  }
  return runs;
}

/**
 * Every run ended SUCCESS with the right output; its event log has consecutive seq numbers; every
 * step succeeded exactly once in the log (no committed output lost or recorded twice) with the
 * output its input implies. Returns a list of problems (empty = fine).
 */
export async function checkRuns(store: WeftStore, runs: Map<RunId, number>): Promise<string[]> {
  const problems: string[] = [];
  for (const [id, n] of runs) {
    const run = await store.getRun(id);
    if (run?.status !== 'SUCCESS') {
      problems.push(`${id}: status ${run?.status}`);
      continue;
    }
    if ((run.outputs as { result?: unknown } | undefined)?.result !== expectedResult(n))
      problems.push(`${id}: outputs ${JSON.stringify(run.outputs)}`);
    const events = await store.listEvents(id, 0, 100_000);
    events.forEach((e, i) => {
      if (e.seq !== i + 1) problems.push(`${id}: event ${i} has seq ${e.seq}`);
    });
    if (events.length !== run.lastSeq)
      problems.push(`${id}: ${events.length} events but lastSeq ${run.lastSeq}`);
    for (const stepId of STEP_IDS) {
      const succeeded = events.filter((e) => e.type === 'step.succeeded' && e.stepId === stepId).length;
      if (succeeded !== 1) problems.push(`${id}: step ${stepId} succeeded ${succeeded} times in the log`);
    }
    const steps = await store.getSteps(id);
    for (let i = 1; i <= 4; i++) {
      const s = steps.find((x) => x.stepId === `s${i}`);
      if (s?.status !== 'SUCCESS' || s.output !== n + i)
        problems.push(`${id}: step s${i} ${s?.status} output ${JSON.stringify(s?.output)}`);
    }
  }
  return problems;
}

export const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
