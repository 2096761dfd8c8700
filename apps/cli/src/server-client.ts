import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@weft/api';
import { CliError, ExitCode, exitCodeFor, usageError } from './exit-codes';
import type { CliIo } from './io';

export type ServerClient = ReturnType<typeof createTRPCClient<AppRouter>>;

export interface Connection {
  client: ServerClient;
  url: string;
}

/** The server from `--server` or `WEFT_SERVER`, with `WEFT_TOKEN` (or `--token`) as bearer token. */
export function connect(
  command: string,
  io: CliIo,
  flags: { server?: string | undefined; token?: string | undefined },
): Connection {
  const raw = flags.server ?? io.env.WEFT_SERVER;
  if (!raw)
    throw usageError(
      `weft ${command}: no server: pass --server URL or set WEFT_SERVER (e.g. http://127.0.0.1:8080)`,
    );
  let base: URL;
  try {
    base = new URL(raw);
  } catch {
    throw usageError(`weft ${command}: --server "${raw}" is not a URL (e.g. http://127.0.0.1:8080)`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw usageError(`weft ${command}: --server must be an http:// or https:// URL, not "${raw}"`);
  const url = base.toString().replace(/\/+$/, '');
  const token = flags.token ?? io.env.WEFT_TOKEN;
  const client = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${url}/api/trpc`,
        headers: () => ({
          'user-agent': 'weft-cli',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        }),
      }),
    ],
  });
  return { client, url };
}

/**
 * Runs a server call and turns its failures into CLI errors: unreachable → exit 4, refused token →
 * exit 2, anything the server rejected → exit 2 (bad request) or 1, each with the server's message.
 */
export async function call<T>(
  command: string,
  conn: Connection,
  fn: (c: ServerClient) => Promise<T>,
): Promise<T> {
  try {
    return await fn(conn.client);
  } catch (e) {
    if (e instanceof TRPCClientError) {
      const data = (e as TRPCClientError<AppRouter>).data as
        { code?: string; httpStatus?: number } | undefined;
      if (!data)
        throw new CliError(
          `weft ${command}: cannot reach the server at ${conn.url}: ${causeMessage(e)}`,
          ExitCode.UNREACHABLE,
        );
      const code = data.code ?? '';
      const what =
        code === 'UNAUTHORIZED'
          ? `the server refused the token: ${e.message} (set WEFT_TOKEN)`
          : code === 'FORBIDDEN'
            ? `not allowed: ${e.message}`
            : e.message;
      throw new CliError(`weft ${command}: ${what}`, exitCodeFor(code));
    }
    throw e;
  }
}

function causeMessage(e: Error): string {
  const cause =
    (e.cause as { cause?: { code?: string; message?: string }; message?: string } | undefined) ?? undefined;
  return cause?.cause?.code ?? cause?.cause?.message ?? cause?.message ?? e.message;
}

/** Common flags of every command that talks to a server. */
export const serverFlags = {
  server: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const SERVER_HELP = `  --server URL   the Weft server (default: WEFT_SERVER)
  --token TOKEN  API token (default: WEFT_TOKEN)
  --json         print one JSON document on stdout`;
