/** Sandbox permission refusals in the audit log: a block that tried to reach what it may not. */
import type { BlockRunner } from '@weft/engine';
import type { AuditRepo } from '@weft/store';
import type { Logger } from '../observability/logger';

export function auditRefusals(
  runner: BlockRunner,
  opts: { audit: AuditRepo; now: () => number; log: Logger },
): BlockRunner {
  return {
    async run(call) {
      const r = await runner.run(call);
      if (!r.ok && r.error.code === 'PERMISSION_DENIED') {
        await opts.audit
          .append({
            at: opts.now(),
            actor: 'system',
            action: 'sandbox.permissionDenied',
            target: call.context.runId,
            outcome: 'denied',
            detail: {
              runId: call.context.runId,
              stepId: call.context.stepId,
              uses: call.uses,
              message: r.error.message.slice(0, 500),
            },
          })
          .catch((err: unknown) => opts.log.warn({ err }, 'could not record a refusal in the audit log'));
      }
      return r;
    },
  };
}
