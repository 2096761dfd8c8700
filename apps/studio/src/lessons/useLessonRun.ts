/**
 * The latest run of the lesson's workflow started in this editor, once it has ended: its status,
 * outputs and step statuses, for the run goals. The document store knows the run's id and status
 * (it watches the run); the outputs come from `runs.get` when the status becomes final.
 */
import { useEffect, useState } from 'react';
import { useGetRun } from '../api/calls';
import { useDoc } from '../document/context';
import type { RunFacts } from './goals';

const FINAL = new Set(['SUCCESS', 'FAILED', 'CANCELLED']);

export function useLessonRun(): RunFacts | null {
  const getRun = useGetRun();
  const runId = useDoc((s) => s.run?.runId ?? null);
  const status = useDoc((s) => s.run?.status ?? null);
  const [facts, setFacts] = useState<RunFacts | null>(null);
  useEffect(() => {
    if (!runId || !status || !FINAL.has(status)) return;
    let cancelled = false;
    getRun(runId).then(
      (r) => {
        if (cancelled) return;
        const steps: Record<string, { status: string; attempts: number }> = {};
        for (const s of r.steps) steps[s.stepId] = { status: s.status, attempts: s.attempts };
        setFacts({ status: r.run.status, outputs: r.run.outputs, steps });
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [getRun, runId, status]);
  return facts;
}
