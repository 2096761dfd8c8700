/** The run overlay: live step states painted on the canvas while a run is watched. */
import type { StateCreator } from 'zustand/vanilla';
import { NO_BREAKPOINTS, type Breakpoints } from '../debugger/breakpoints';
import type { PauseInfo } from '../debugger/pause';
import type { RunStatus, StepStatus } from '../api/router-types';

/** What a node shows of its step in the watched run. Replaced (never mutated) on every change. */
export interface StepRunView {
  status: StepStatus;
  attempts: number;
  /** Epoch ms. */
  startedAt?: number;
  finishedAt?: number;
  durationMs?: number;
  port?: string;
  /** While WAITING: why (`approval`, `wait`, `breakpoint`, …). */
  waitReason?: string;
  /** An approval step's question to the approver. */
  message?: string;
  /** Paused at a breakpoint: why, and the resolved inputs the step is about to get. */
  pause?: PauseInfo;
}

export interface RunSlice {
  run: { runId: string; status: RunStatus } | null;
  runSteps: Readonly<Record<string, StepRunView>>;
  /**
   * The person's breakpoints on this workflow (debugger/breakpoints.ts): a debug run pauses before
   * these steps. Kept in the browser, never in the YAML.
   */
  breakpoints: Breakpoints;
  watchRun: (runId: string, status: RunStatus) => void;
  setRunStatus: (status: RunStatus) => void;
  setStepRun: (stepId: string, view: StepRunView) => void;
  clearRun: () => void;
  /** Replaces the breakpoints (with a function of debugger/breakpoints.ts). */
  setBreakpoints: (change: (bps: Breakpoints) => Breakpoints) => void;
}

export const createRunSlice: StateCreator<RunSlice, [], [], RunSlice> = (set) => ({
  run: null,
  runSteps: {},
  breakpoints: NO_BREAKPOINTS,
  watchRun: (runId, status) => set({ run: { runId, status }, runSteps: {} }),
  setRunStatus: (status) => set((s) => (s.run ? { run: { ...s.run, status } } : {})),
  setStepRun: (stepId, view) => set((s) => ({ runSteps: { ...s.runSteps, [stepId]: view } })),
  clearRun: () => set({ run: null, runSteps: {} }),
  setBreakpoints: (change) => set((s) => ({ breakpoints: change(s.breakpoints) })),
});
