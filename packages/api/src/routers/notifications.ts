import type { NotificationDelivery } from '@weft/store';
import { z } from 'zod';
import { ApiError } from '../errors';
import { editorProcedure, router, viewerProcedure } from '../trpc';

/** A delivery as the API shows it: never the secret's text (it may be a literal secret). */
export interface DeliveryView extends Omit<NotificationDelivery, 'secret' | 'payload'> {
  signed: boolean;
  /** The JSON notice, parsed. */
  payload: unknown;
}

function view(d: NotificationDelivery): DeliveryView {
  const { secret, payload, ...rest } = d;
  let parsed: unknown = payload;
  try {
    parsed = JSON.parse(payload);
  } catch {
    // stored text that is not JSON is shown as text
  }
  return { ...rest, signed: secret !== undefined || d.id.endsWith('/server'), payload: parsed };
}

const deliveryId = z.string().min(1).max(300);

export const notificationsRouter = router({
  /**
   * Run-end notification deliveries, newest first: `state: 'dead'` lists the dead letters (out of
   * attempts, or refused by the network policy), `pending` the ones waiting for a retry.
   */
  list: viewerProcedure
    .input(
      z
        .object({
          state: z.enum(['pending', 'delivered', 'dead']).optional(),
          workflowId: z.string().max(63).optional(),
          runId: z.string().max(200).optional(),
          limit: z.number().int().min(1).max(500).optional(),
          cursor: z.string().max(400).optional(),
        })
        .optional(),
    )
    .query(async ({ ctx, input }) => {
      const page = await ctx.deps.store.repos.notifications.list(input ?? {});
      return {
        deliveries: page.deliveries.map(view),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      };
    }),
  get: viewerProcedure.input(z.object({ deliveryId })).query(async ({ ctx, input }) => {
    const d = await ctx.deps.store.repos.notifications.get(input.deliveryId);
    if (!d) throw new ApiError('NOT_FOUND', `notification delivery ${input.deliveryId} not found`);
    return view(d);
  }),
  /** Put a dead (or delivered) delivery back in the queue with fresh attempts; it is sent at once. */
  redeliver: editorProcedure.input(z.object({ deliveryId })).mutation(async ({ ctx, input }) => {
    const repo = ctx.deps.store.repos.notifications;
    const before = await repo.get(input.deliveryId);
    if (!before) throw new ApiError('NOT_FOUND', `notification delivery ${input.deliveryId} not found`);
    if (before.state === 'pending')
      throw new ApiError(
        'CONFLICT',
        `notification delivery ${input.deliveryId} is already queued (attempt ${before.attempts + 1} is due)`,
      );
    const d = await repo.redeliver(input.deliveryId, ctx.deps.now());
    ctx.deps.notifier?.wake();
    if (!d) throw new ApiError('NOT_FOUND', `notification delivery ${input.deliveryId} not found`);
    return view(d);
  }),
});
