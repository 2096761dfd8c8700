/**
 * Run the server as a real child process (for crash and multi-process tests, and the bench): exactly
 * what production runs, `node apps/cli/dist/weft.mjs serve` — the built CLI (scripts/build-cli.mjs;
 * the vitest global setup builds it from the current sources).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '@weft/api';

const here = dirname(fileURLToPath(import.meta.url));
/** The built `weft` command. */
export const WEFT_BIN = join(here, '../../../cli/dist/weft.mjs');
/**
 * Node flags production starts the server with (package.json `start`, the Dockerfile;
 * docs/server.md): a 4 MB young generation keeps the process's peak RSS down.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=4'];

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  pid: number;
  client: ReturnType<typeof createTRPCClient<AppRouter>>;
  /** Log lines seen so far. */
  lines: string[];
  /** SIGKILL and wait for the exit. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit code. */
  term(): Promise<number | null>;
}

export async function spawnServer(opts: {
  cwd: string;
  flags?: Record<string, string>;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Extra node flags (e.g. `--cpu-prof` to profile the server under a bench). */
  nodeArgs?: string[];
  /** Another build of the CLI to run (`pnpm bench:ab` compares two); default `WEFT_BIN`. */
  bin?: string;
}): Promise<ServerProcess> {
  const bin = opts.bin ?? WEFT_BIN;
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`pnpm build:cli\``);
  // One process (node on the built CLI), so kill -9 and RSS hit the server itself, not a wrapper.
  const args = [
    ...SERVER_NODE_FLAGS,
    ...(opts.nodeArgs ?? []),
    bin,
    'serve',
    '--port',
    '0',
    ...Object.entries(opts.flags ?? {}).flatMap(([k, v]) => [`--${k}`, v]),
  ];
  const child = spawn(process.execPath, args, {
    cwd: opts.cwd,
    env: { ...process.env, WEFT_LOG_LEVEL: 'info', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in time:\n${lines.join('\n')}`)),
      opts.timeoutMs ?? 30_000,
    );
    let buf = '';
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        lines.push(line);
        const m = /"url":"(http:\/\/[^"]+)".*"msg":"weft server listening"/.exec(line);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      }
    });
    child.stderr?.on('data', (d: Buffer) => lines.push(d.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${lines.join('\n')}`));
    });
  });
  const client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${url}/api/trpc` })] });
  return {
    child,
    url,
    pid: child.pid ?? 0,
    client,
    lines,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async term() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

export async function until<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
  everyMs = 100,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
