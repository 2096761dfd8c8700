import { TRPCError, initTRPC } from '@trpc/server';
import { z } from 'zod';
import { auditEntry } from './audit/record-write';
import { authenticate, roleAllows, type Principal, type Role } from './auth/tokens';
import { errorData, toTRPCError } from './errors';
import type { ApiDeps } from './ports';

export interface ApiContext {
  deps: ApiDeps;
  /** Null when the caller gave no valid token (auth on). With auth off: the local admin. */
  principal: Principal | null;
  /** Why authentication failed, for the UNAUTHORIZED message. */
  authProblem?: string;
  /** Where the request came from, for the audit log. */
  origin?: RequestOrigin;
}

export interface RequestOrigin {
  /** The remote address (the proxy's, behind one). */
  ip?: string;
  userAgent?: string;
}

export const LOCAL_PRINCIPAL: Principal = { tokenId: 'local', name: 'local', role: 'admin' };

/**
 * Build a request's context from its `Authorization: Bearer <token>` header, or the
 * `connectionParams.token` an SSE subscription sends (EventSource cannot set headers).
 */
export async function createApiContext(
  deps: ApiDeps,
  req: {
    authorization?: string | null;
    connectionParams?: Record<string, string | undefined> | null;
    origin?: RequestOrigin;
  },
): Promise<ApiContext> {
  const base = await principalOf(deps, req);
  return req.origin ? { ...base, origin: req.origin } : base;
}

async function principalOf(
  deps: ApiDeps,
  req: { authorization?: string | null; connectionParams?: Record<string, string | undefined> | null },
): Promise<ApiContext> {
  if (!deps.authEnabled) return { deps, principal: LOCAL_PRINCIPAL };
  const header = req.authorization ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  const token = m?.[1] ?? req.connectionParams?.token;
  if (!token)
    return {
      deps,
      principal: null,
      authProblem: 'this server requires an API token: send Authorization: Bearer <token>',
    };
  const principal = await authenticate(deps.store.repos.tokens, token, deps.now());
  return principal
    ? { deps, principal }
    : { deps, principal: null, authProblem: 'the API token is unknown or revoked' };
}

const t = initTRPC.context<ApiContext>().create({
  errorFormatter({ shape, error }) {
    const zod = error.cause instanceof z.ZodError ? error.cause : undefined;
    return {
      ...shape,
      message: zod ? `invalid input: ${z.prettifyError(zod).replace(/\n\s*/g, '; ')}` : shape.message,
      data: { ...shape.data, stack: undefined, ...errorData(error) },
    };
  },
});

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;

/** The one place where thrown domain errors become tRPC errors. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error);
  return result;
});

/**
 * Every mutation that succeeds, or is refused for want of a token or role, leaves one audit entry
 * (`audit/record-write.ts` keeps only non-secret fields). The entry is written before the answer.
 */
const auditWrites = t.middleware(async ({ ctx, path, type, getRawInput, next }) => {
  const result = await next();
  if (type !== 'mutation') return result;
  const code = result.ok ? undefined : toTRPCError(result.error).code;
  const refused = code === 'UNAUTHORIZED' || code === 'FORBIDDEN';
  if (!result.ok && !refused) return result;
  const input = await getRawInput().catch(() => undefined);
  const entry = auditEntry(ctx, {
    path,
    input,
    result: result.ok ? result.data : undefined,
    outcome: refused ? 'denied' : 'ok',
  });
  // A failing audit write must not turn a done change into an error answer.
  await ctx.deps.store.repos.audit.append(entry).catch(() => undefined);
  return result;
});

export const publicProcedure = t.procedure.use(mapErrors).use(auditWrites);

const requireRole = (need: Role) =>
  t.middleware(({ ctx, next }) => {
    if (!ctx.principal)
      throw new TRPCError({ code: 'UNAUTHORIZED', message: ctx.authProblem ?? 'authentication required' });
    if (!roleAllows(ctx.principal.role, need)) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `this needs the ${need} role; token "${ctx.principal.name}" has ${ctx.principal.role}`,
      });
    }
    return next({ ctx: { ...ctx, principal: ctx.principal } });
  });

export const viewerProcedure = publicProcedure.use(requireRole('viewer'));
export const editorProcedure = publicProcedure.use(requireRole('editor'));
export const adminProcedure = publicProcedure.use(requireRole('admin'));
