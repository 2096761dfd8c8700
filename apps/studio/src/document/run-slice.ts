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

/** A step as it was at one event of a playback: what the step panel shows besides its view. */
export interface PlaybackRecord {
  input?: unknown;
  output?: unknown;
  error?: { code: string; message: string };
}

/**
 * The watched run as it was at one event (playback/usePlayback.ts): painted instead of the live
 * state while the person scrubs back. Built by the engine's pure replay, never by hand.
 */
export interface PlaybackFrame {
  /** The event shown (its seq) and its index in the log. */
  seq: number;
  index: number;
  /** The event's time (epoch ms). */
  at: number;
  status: RunStatus;
  steps: Readonly<Record<string, StepRunView>>;
  records: Readonly<Record<string, PlaybackRecord>>;
}

/** The step states the canvas shows: playback's frame while scrubbing, else the live ones. */
export function shownRunSteps(
  s: Pick<RunSlice, 'playback' | 'runSteps'>,
): Readonly<Record<string, StepRunView>> {
  return s.playback?.steps ?? s.runSteps;
}

export interface RunSlice {
  run: { runId: string; status: RunStatus } | null;
  runSteps: Readonly<Record<string, StepRunView>>;
  /** Playback: the run at one event (null: the live state, following the run). */
  playback: PlaybackFrame | null;
  setPlayback: (frame: PlaybackFrame | null) => void;
  /**
   * The person's breakpoints on this workflow (debugger/breakpoints.ts): a debug run pauses before
   * these steps. Kept in the browser, never in the YAML.
   */
  breakpoints: Breakpoints;
  watchRun: (runId: string, status: RunStatus) => void;
  setRunStatus: (status: RunStatus) => void;
  setStepRun: (stepId: string, view: StepRunView) => void;
  /** Several steps at once (a burst of events paints once). */
  setStepRuns: (views: Readonly<Record<string, StepRunView>>) => void;
  clearRun: () => void;
  /** Replaces the breakpoints (with a function of debugger/breakpoints.ts). */
  setBreakpoints: (change: (bps: Breakpoints) => Breakpoints) => void;
}

export const createRunSlice: StateCreator<RunSlice, [], [], RunSlice> = (set) => ({
  run: null,
  runSteps: {},
  playback: null,
  setPlayback: (frame) => set({ playback: frame }),
  breakpoints: NO_BREAKPOINTS,
  watchRun: (runId, status) => set({ run: { runId, status }, runSteps: {}, playback: null }),
  setRunStatus: (status) => set((s) => (s.run ? { run: { ...s.run, status } } : {})),
  setStepRun: (stepId, view) => set((s) => ({ runSteps: { ...s.runSteps, [stepId]: view } })),
  setStepRuns: (views) => set((s) => ({ runSteps: { ...s.runSteps, ...views } })),
  clearRun: () => set({ run: null, runSteps: {}, playback: null }),
  setBreakpoints: (change) => set((s) => ({ breakpoints: change(s.breakpoints) })),
});
