import { z } from 'zod';
import { notFound } from '../errors';
import { router, viewerProcedure } from '../trpc';

export const catalogRouter = router({
  /** Every block (built-ins and WASM blocks) with its input/output JSON Schemas and ports. */
  list: viewerProcedure.query(({ ctx }) => ctx.deps.catalog.list()),
  /** One block by its `uses` (`http@1`, `if`). */
  get: viewerProcedure.input(z.object({ uses: z.string().min(1).max(200) })).query(({ ctx, input }) => {
    const b = ctx.deps.catalog.resolve(input.uses);
    if (!b) throw notFound(`block "${input.uses}"`);
    return b;
  }),
});
