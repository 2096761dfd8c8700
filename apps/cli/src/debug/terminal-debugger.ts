/**
 * `weft run --break/--step`: when a step pauses at a breakpoint, print why and the inputs it is about
 * to get, and read what to do: continue, step, skip (with an output), edit the input, quit.
 */
import type { DebugOptions, Engine, RunEvent, RunId } from '@weft/engine';
import type { CliIo } from '../io';
import type { Terminal } from './terminal';

const HELP =
  '  c continue · s step (pause before the next step) · k skip [output JSON] · e edit input [JSON] · q quit (cancel the run)\n';

interface Pause {
  stepId: string;
  cause: string;
  input: unknown;
  index?: number;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

function parseJson(text: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, message: `not JSON: ${(e as Error).message}` };
  }
}

function parseInput(text: string): Parsed<Record<string, unknown>> {
  const r = parseJson(text);
  if (!r.ok) return r;
  const v = r.value;
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    return { ok: false, message: 'the input must be a JSON object (the step\'s `with`), e.g. {"n": 1}' };
  return { ok: true, value: v as Record<string, unknown> };
}

const indent = (text: string): string => text.replace(/^/gm, '    ');

export class TerminalDebugger {
  private readonly queue: Pause[] = [];
  private busy = false;
  private ended = false;

  constructor(
    private readonly o: {
      engine: Engine;
      runId: RunId;
      io: CliIo;
      terminal: Terminal;
      debug: DebugOptions;
    },
  ) {}

  /** Feed every event of the run (from `Engine.subscribe`). */
  onEvent(e: RunEvent): void {
    if (e.type === 'step.waiting' && e.data.reason === 'breakpoint' && e.stepId) {
      this.queue.push({
        stepId: e.stepId,
        cause: String(e.data.cause ?? 'breakpoint'),
        input: e.data.input ?? {},
        ...(typeof e.data.index === 'number' && { index: e.data.index }),
      });
      void this.drain();
    }
  }

  /** The run ended: stop asking. */
  end(): void {
    this.ended = true;
    this.o.terminal.close();
  }

  private async drain(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (let p = this.queue.shift(); p && !this.ended; p = this.queue.shift()) await this.handle(p);
    } catch (e) {
      this.o.io.stderr(`weft run: debugger: ${e instanceof Error ? e.message : String(e)}\n`);
    } finally {
      this.busy = false;
    }
  }

  private why(p: Pause): string {
    if (p.cause === 'step') return 'step';
    const bp = this.o.debug.breakpoints.find((b) => b.stepId === p.stepId);
    if (p.cause === 'condition' && bp?.condition) return `breakpoint, condition ${bp.condition} holds`;
    return 'breakpoint';
  }

  private async handle(p: Pause): Promise<void> {
    const { io } = this.o;
    const item = p.index === undefined ? '' : ` (item ${p.index})`;
    io.stdout(`\n⏸ paused before step '${p.stepId}'${item}: ${this.why(p)}\n`);
    io.stdout(`  input (secrets show as ***):\n${indent(JSON.stringify(p.input, null, 2))}\n`);
    const others = this.queue.map((q) => q.stepId);
    if (others.length > 0) io.stdout(`  also paused: ${others.join(', ')}\n`);
    io.stdout(HELP);
    for (;;) {
      const line = await this.o.terminal.ask(`debug ${p.stepId}> `);
      if (this.ended) return;
      if (line === undefined) return this.send(p, 'cancel'); // Ctrl-D: as quit
      const answer = line.trim();
      const [word = '', ...rest] = answer.split(/\s+/);
      const arg = answer.slice(word.length).trim();
      switch (word.toLowerCase()) {
        case 'c':
        case 'continue':
          return this.send(p, 'continue');
        case 's':
        case 'step':
          return this.send(p, 'step');
        case 'k':
        case 'skip': {
          const out = await this.askOutput(p, rest.length > 0 ? arg : undefined);
          if (out === 'again') continue;
          return this.send(p, 'skip', out === undefined ? {} : { output: out.value });
        }
        case 'e':
        case 'edit': {
          const input = await this.askInput(p, rest.length > 0 ? arg : undefined);
          if (input === undefined) continue;
          return this.send(p, 'continue', { input });
        }
        case 'q':
        case 'quit':
          return this.send(p, 'cancel');
        default:
          if (answer !== '' && answer !== '?' && answer !== 'h' && answer !== 'help')
            io.stdout(`  unknown command "${answer}"\n`);
          io.stdout(HELP);
      }
    }
  }

  /** The output to skip with: `{ value }`, undefined for none (a plain skip), or 'again' after a bad one. */
  private async askOutput(p: Pause, given?: string): Promise<{ value: unknown } | undefined | 'again'> {
    const text =
      given ?? (await this.o.terminal.ask(`output of '${p.stepId}' as JSON (empty: skip without output)> `));
    if (text === undefined || text.trim() === '') return undefined;
    const r = parseJson(text);
    if (r.ok) return { value: r.value };
    this.o.io.stdout(`  ${r.message}\n`);
    return 'again';
  }

  /** The edited input, or undefined when there is none (the person is asked again). */
  private async askInput(p: Pause, given?: string): Promise<Record<string, unknown> | undefined> {
    const { io, terminal } = this.o;
    let text = given ?? (await terminal.ask('input as one line of JSON (empty: open $EDITOR)> '));
    if (text === undefined) return undefined;
    if (text.trim() === '') {
      const edited = terminal.edit(`${JSON.stringify(p.input, null, 2)}\n`, '.json');
      if (!edited.ok) {
        io.stdout(`  ${edited.message}\n`);
        return undefined;
      }
      text = edited.text;
    }
    const r = parseInput(text);
    if (!r.ok) {
      io.stdout(`  ${r.message}\n`);
      return undefined;
    }
    io.stdout(`  continuing '${p.stepId}' with input ${JSON.stringify(r.value)}\n`);
    return r.value;
  }

  private async send(
    p: Pause,
    action: 'continue' | 'step' | 'skip' | 'cancel',
    extra: { input?: Record<string, unknown>; output?: unknown } = {},
  ): Promise<void> {
    const r = await this.o.engine.debug(this.o.runId, p.stepId, action, extra.input, extra.output);
    if (!r.ok) this.o.io.stderr(`weft run: ${r.error.message}\n`);
  }
}
