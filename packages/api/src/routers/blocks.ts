/**
 * The block registry over the API: list (viewer), install / remove / verify and the trust store
 * (admin). A block is installed from the bytes of a `.tgz` (`weft block pack`, or an npm tarball);
 * the CLI fetches folders, npm packages and URLs itself and sends the archive.
 */
import { z } from 'zod';
import { ApiError } from '../errors';
import type { BlockAdmin } from '../ports';
import type { ApiContext } from '../trpc';
import { adminProcedure, router, viewerProcedure } from '../trpc';

/** Largest archive accepted, as base64 text (≈ 24 MiB of bytes). */
const MAX_ARCHIVE_B64 = 32 * 1024 * 1024;
const blockName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a block name: lower-case letters, digits and -');

function admin(ctx: ApiContext): BlockAdmin {
  const b = ctx.deps.blocks;
  if (!b) throw new ApiError('UNAVAILABLE', 'this server has no block registry');
  return b;
}

export const blocksRouter = router({
  /** Every block (standard and installed) with version, sha256, signer, capabilities and limits. */
  list: viewerProcedure.query(({ ctx }) => ({
    requireSignatures: admin(ctx).requireSignatures,
    blocks: admin(ctx).list(),
  })),
  /** Installs a block archive (base64 of a .tgz). Same name@version with other bytes → CONFLICT. */
  install: adminProcedure
    .input(
      z.object({
        archive: z.string().min(1).max(MAX_ARCHIVE_B64, 'the archive is over 24 MiB'),
        source: z.string().max(1000).default('upload'),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const r = await admin(ctx).install(Buffer.from(input.archive, 'base64'), input.source);
      if (!r.ok) throw new ApiError(r.code === 'CONFLICT' ? 'CONFLICT' : 'BAD_REQUEST', r.message);
      return { block: r.block, already: r.already };
    }),
  /** What an archive holds and asks for (network, memory, timeout), without installing it. */
  inspect: adminProcedure
    .input(
      z.object({
        archive: z.string().min(1).max(MAX_ARCHIVE_B64, 'the archive is over 24 MiB'),
        source: z.string().max(1000).default('upload'),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const r = await admin(ctx).inspect(Buffer.from(input.archive, 'base64'), input.source);
      if (!r.ok) throw new ApiError('BAD_REQUEST', r.message);
      return r;
    }),
  remove: adminProcedure
    .input(z.object({ name: blockName, version: z.string().max(100).optional() }))
    .mutation(({ ctx, input }) => {
      const gone = admin(ctx).remove(input.name, input.version);
      if (gone.length === 0)
        throw new ApiError(
          'NOT_FOUND',
          `block ${input.name}${input.version ? `@${input.version}` : ''} is not installed (standard blocks cannot be removed)`,
        );
      return { removed: gone.map((b) => `${b.name}@${b.version}`) };
    }),
  /** Re-checks every installed block's bytes and signature. */
  verify: adminProcedure.mutation(({ ctx }) => ({ results: admin(ctx).verify() })),
  keys: router({
    list: adminProcedure.query(({ ctx }) => admin(ctx).keys.list()),
    add: adminProcedure
      .input(z.object({ name: z.string().min(1).max(64), key: z.string().min(1).max(4096) }))
      .mutation(({ ctx, input }) => {
        const r = admin(ctx).keys.add(input.name, input.key);
        if (!r.ok) throw new ApiError('BAD_REQUEST', r.message);
        return r.value;
      }),
    /** What an archive holds and asks for (network, memory, timeout), without installing it. */
    inspect: adminProcedure
      .input(
        z.object({
          archive: z.string().min(1).max(MAX_ARCHIVE_B64, 'the archive is over 24 MiB'),
          source: z.string().max(1000).default('upload'),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        const r = await admin(ctx).inspect(Buffer.from(input.archive, 'base64'), input.source);
        if (!r.ok) throw new ApiError('BAD_REQUEST', r.message);
        return r;
      }),
    remove: adminProcedure.input(z.object({ name: z.string().min(1).max(64) })).mutation(({ ctx, input }) => {
      const r = admin(ctx).keys.remove(input.name);
      if (!r.ok) throw new ApiError('NOT_FOUND', r.message);
      return r.value;
    }),
  }),
});
