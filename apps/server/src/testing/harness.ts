/**
 * A real server (SQLite in memory, built-in blocks + a scripted runner) driven in memory through
 * `app.request()` with a typed tRPC client. Used by this package's tests.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@weft/api';
import { builtinCatalog, combineCatalogs, type BlockInfo } from '@weft/dsl';
import { ScriptedRunner, type BlockHandler } from '@weft/engine';
import { loadBlocks } from '@weft/sandbox';
import { openStore } from '@weft/store';
import { loadConfig } from '../config/config';
import { createServer, type WeftServer } from '../server';

export type Client = ReturnType<typeof createTRPCClient<AppRouter>>;

export interface Harness {
  server: WeftServer;
  runner: ScriptedRunner;
  dataDir: string;
  /** A client with the given bearer token (or none). */
  client(token?: string): Client;
  /** `fetch` against the app in memory. */
  request(path: string, init?: RequestInit): Promise<Response>;
  waitForStatus(
    runId: string,
    statuses: readonly string[],
    token?: string,
  ): Promise<Awaited<ReturnType<Client['runs']['get']['query']>>>;
  stop(): Promise<void>;
}

/** An `echo@1` block for tests: outputs its `with`. */
const echoBlock: BlockInfo = {
  name: 'echo',
  version: '1.0.0',
  title: 'Echo',
  description: 'Outputs its inputs (tests).',
  category: 'Test',
  icon: 'box',
  builtin: false,
  inputs: { type: 'object' },
};

export async function startHarness(
  opts: {
    auth?: boolean;
    adminToken?: string;
    env?: Record<string, string>;
    handlers?: Record<string, BlockHandler>;
  } = {},
): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'weft-server-test-'));
  const cfg = loadConfig({
    cwd: dataDir,
    env: {
      WEFT_LOG_LEVEL: 'silent',
      WEFT_DATA_DIR: dataDir,
      WEFT_POLL: '50ms',
      WEFT_SYNC_TIMEOUT: '5s',
      ...opts.env,
    },
    flags: {
      db: 'sqlite::memory:',
      ...(opts.auth ? { auth: 'true' } : {}),
      ...(opts.adminToken ? { 'admin-token': opts.adminToken } : {}),
    },
  });
  if (!cfg.ok) throw new Error(cfg.error.message);
  const runner = new ScriptedRunner({ 'echo@1': (c) => ({ ok: true, output: c.with }), ...opts.handlers });
  const catalog = combineCatalogs(builtinCatalog(), loadBlocks(), {
    resolve: (u) => (u === 'echo@1' || u === 'echo@1.0.0' ? echoBlock : undefined),
    list: () => [echoBlock],
  });
  const store = await openStore('sqlite::memory:');
  const server = await createServer(cfg.value, { store, blocks: { runner, catalog } });
  await server.start({ listen: false });
  const request = async (path: string, init?: RequestInit): Promise<Response> =>
    server.app.request(`http://weft.test${path}`, init);
  const client = (token?: string): Client =>
    createTRPCClient<AppRouter>({
      links: [
        httpLink({
          url: 'http://weft.test/api/trpc',
          fetch: async (url, init) => server.app.request(String(url), init as RequestInit),
          headers: token ? { authorization: `Bearer ${token}` } : {},
        }),
      ],
    });
  const h: Harness = {
    server,
    runner,
    dataDir,
    client,
    request,
    async waitForStatus(runId, statuses, token) {
      const c = client(token);
      for (let i = 0; i < 400; i++) {
        const r = await c.runs.get.query({ runId });
        if (statuses.includes(r.run.status)) return r;
        await new Promise((res) => setTimeout(res, 25));
      }
      const r = await c.runs.get.query({ runId });
      throw new Error(`run ${runId} stayed ${r.run.status}, expected ${statuses.join('|')}`);
    },
    stop: () => server.stop(),
  };
  return h;
}

/** The tRPC error code and message of a failed call. */
export async function failure(
  p: Promise<unknown>,
): Promise<{ code: string; message: string; httpStatus?: number; weftCode?: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCClientError) {
      const data = (e as TRPCClientError<AppRouter>).data as
        { code: string; httpStatus?: number; weftCode?: string } | undefined;
      return {
        code: data?.code ?? 'UNKNOWN',
        message: e.message,
        httpStatus: data?.httpStatus,
        weftCode: data?.weftCode,
      };
    }
    throw e;
  }
  throw new Error('expected the call to fail');
}

export const HELLO = `apiVersion: weft/v1
kind: Workflow
id: hello
name: Hello
inputs:
  name: { type: string, default: world }
steps:
  - id: greet
    uses: transform
    with:
      expression: "'hello ' & inputs.name"
outputs:
  greeting: "\${{ steps.greet.output }}"
`;
