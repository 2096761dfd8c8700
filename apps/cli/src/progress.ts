import type { RunEvent, RunRecord, StepRecord } from '@weft/engine';
import type { CliIo } from './io';

const MARK: Record<string, string> = { SUCCESS: '✓', FAILED: '✗', SKIPPED: '-', CANCELLED: '⊘' };
const STEP_END = new Set(['step.succeeded', 'step.failed', 'step.skipped', 'step.cancelled']);

/** `weft run`'s human output: one line per step as it ends, then the run's result. */
export class ProgressPrinter {
  private readonly width: number;
  private readonly started = new Map<string, number>();

  constructor(
    private readonly io: CliIo,
    stepIds: readonly string[],
  ) {
    this.width = Math.max(4, ...stepIds.map((s) => s.length));
  }

  onEvent(e: RunEvent): void {
    if (!e.stepId) return;
    if (e.type === 'step.started' && !this.started.has(e.stepId)) this.started.set(e.stepId, e.at);
    if (e.type === 'step.waiting' && this.io.isTTY)
      this.line('…', e.stepId, `WAITING (${String(e.data.reason ?? '')})`, '');
    if (!STEP_END.has(e.type)) return;
    const status = e.type.slice('step.'.length).toUpperCase().replace('SUCCEEDED', 'SUCCESS');
    const from = this.started.get(e.stepId);
    const took = from === undefined ? '' : formatMs(e.at - from);
    const error = e.data.error as { code?: string; message?: string } | undefined;
    this.line(MARK[status] ?? ' ', e.stepId, status, took, error ? `${error.code}: ${error.message}` : '');
  }

  finish(run: RunRecord, _steps: readonly StepRecord[]): void {
    const took =
      run.startedAt !== undefined && run.finishedAt !== undefined
        ? ` in ${formatMs(run.finishedAt - run.startedAt)}`
        : '';
    this.io.stdout(`run ${run.id} ${run.status}${took}\n`);
    if (run.error) this.io.stdout(`error ${run.error.code}: ${run.error.message}\n`);
    if (run.outputs && Object.keys(run.outputs).length > 0)
      this.io.stdout(`outputs ${JSON.stringify(run.outputs, null, 2)}\n`);
  }

  private line(mark: string, stepId: string, status: string, took: string, detail = ''): void {
    this.io.stdout(
      `${mark} ${stepId.padEnd(this.width)}  ${status.padEnd(9)} ${took.padStart(8)}${detail ? `  ${detail}` : ''}\n`,
    );
  }
}

function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  return `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}
