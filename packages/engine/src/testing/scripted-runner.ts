import type { BlockCall, BlockResult, BlockRunner } from '../ports';

export type BlockHandler = (call: BlockCall) => BlockResult | Promise<BlockResult>;

/**
 * A `BlockRunner` for tests: each `uses` maps to a handler. Calls are recorded in `calls`.
 *
 * @example
 * const runner = new ScriptedRunner({ 'echo@1': (c) => ({ ok: true, output: c.with }) });
 */
export class ScriptedRunner implements BlockRunner {
  readonly calls: BlockCall[] = [];
  constructor(private readonly handlers: Record<string, BlockHandler> = {}) {}

  on(uses: string, handler: BlockHandler): this {
    this.handlers[uses] = handler;
    return this;
  }

  async run(call: BlockCall): Promise<BlockResult> {
    this.calls.push(call);
    const h = this.handlers[call.uses];
    if (!h) return { ok: false, error: { code: 'BLOCK_NOT_FOUND', message: `no block ${call.uses}` } };
    try {
      return await h(call);
    } catch (e) {
      return {
        ok: false,
        error: { code: 'BLOCK_ERROR', message: e instanceof Error ? e.message : String(e) },
      };
    }
  }

  /** Calls made for one step, in order. */
  callsOf(stepId: string): BlockCall[] {
    return this.calls.filter((c) => c.context.stepId === stepId);
  }
}
