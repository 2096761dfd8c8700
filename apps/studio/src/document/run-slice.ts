/** The run overlay: live step states painted on the canvas while a run is watched. */
import type { StateCreator } from 'zustand/vanilla';

export type StepStatus = 'PENDING' | 'RUNNING' | 'WAITING' | 'SUCCESS' | 'FAILED' | 'SKIPPED' | 'CANCELLED';
export type RunStatus = 'QUEUED' | 'RUNNING' | 'WAITING' | 'SUCCESS' | 'FAILED' | 'CANCELLED';

/** What a node shows of its step in the watched run. Replaced (never mutated) on every change. */
export interface StepRunView {
  status: StepStatus;
  attempts: number;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  port?: string;
  /** While WAITING: why (`approval`, `wait`, `breakpoint`, …). */
  waitReason?: string;
  /** An approval step's question to the approver. */
  message?: string;
}

export interface RunSlice {
  run: { runId: string; status: RunStatus } | null;
  runSteps: Readonly<Record<string, StepRunView>>;
  /** Step ids with a breakpoint: the debugger pauses before they start. Studio-only, not in the YAML. */
  breakpoints: ReadonlySet<string>;
  watchRun: (runId: string, status: RunStatus) => void;
  setRunStatus: (status: RunStatus) => void;
  setStepRun: (stepId: string, view: StepRunView) => void;
  clearRun: () => void;
  toggleBreakpoint: (stepId: string) => void;
}

export const createRunSlice: StateCreator<RunSlice, [], [], RunSlice> = (set) => ({
  run: null,
  runSteps: {},
  breakpoints: new Set(),
  watchRun: (runId, status) => set({ run: { runId, status }, runSteps: {} }),
  setRunStatus: (status) => set((s) => (s.run ? { run: { ...s.run, status } } : {})),
  setStepRun: (stepId, view) => set((s) => ({ runSteps: { ...s.runSteps, [stepId]: view } })),
  clearRun: () => set({ run: null, runSteps: {} }),
  toggleBreakpoint: (stepId) =>
    set((s) => {
      const next = new Set(s.breakpoints);
      if (!next.delete(stepId)) next.add(stepId);
      return { breakpoints: next };
    }),
});
