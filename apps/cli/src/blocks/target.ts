/**
 * Where `weft block install|list|remove|verify|keys` act: a running server (`--server URL`, admin
 * token) or a data dir (`--data-dir DIR`, default `WEFT_DATA_DIR` or `./.weft`) that a server uses.
 */
import { resolve } from 'node:path';
import type { BlockEntry, InstalledBlock, TrustedKey, VerifyReport } from '@weft/sandbox';
import { BlockHome, BlockManifestError, DEFAULT_BLOCKS_DIR } from '@weft/sandbox';
import { CliError, ExitCode } from '../exit-codes';
import type { CliIo } from '../io';
import { call, connect } from '../server-client';
import type { FetchedBlock } from './source';

export interface BlockTarget {
  /** "server http://…" or "data dir /…". */
  where: string;
  list(): Promise<{ requireSignatures: boolean; blocks: BlockEntry[] }>;
  install(f: FetchedBlock): Promise<{ block: InstalledBlock; already: boolean }>;
  remove(name: string, version?: string): Promise<string[]>;
  verify(): Promise<VerifyReport[]>;
  keysList(): Promise<TrustedKey[]>;
  keysAdd(name: string, key: string): Promise<TrustedKey>;
  keysRemove(name: string): Promise<TrustedKey>;
}

export interface TargetFlags {
  server?: string | undefined;
  token?: string | undefined;
  'data-dir'?: string | undefined;
  blocks?: string | undefined;
  'require-signatures'?: boolean | undefined;
}

export function openTarget(io: CliIo, flags: TargetFlags): BlockTarget {
  if (flags.server ?? (flags['data-dir'] === undefined ? io.env.WEFT_SERVER : undefined))
    return serverTarget(io, flags);
  return localTarget(io, flags);
}

function serverTarget(io: CliIo, flags: TargetFlags): BlockTarget {
  const conn = connect('block', io, flags);
  const c = <T>(fn: Parameters<typeof call<T>>[2]): Promise<T> => call('block', conn, fn);
  return {
    where: `server ${conn.url}`,
    list: () => c((x) => x.blocks.list.query()),
    install: (f) =>
      c((x) => x.blocks.install.mutate({ archive: f.archive.toString('base64'), source: f.source })),
    remove: async (name, version) =>
      (await c((x) => x.blocks.remove.mutate({ name, ...(version ? { version } : {}) }))).removed,
    verify: async () => (await c((x) => x.blocks.verify.mutate())).results,
    keysList: () => c((x) => x.blocks.keys.list.query()),
    keysAdd: (name, key) => c((x) => x.blocks.keys.add.mutate({ name, key })),
    keysRemove: (name) => c((x) => x.blocks.keys.remove.mutate({ name })),
  };
}

function localTarget(io: CliIo, flags: TargetFlags): BlockTarget {
  const dataDir = resolve(io.cwd, flags['data-dir'] ?? io.env.WEFT_DATA_DIR ?? '.weft');
  const requireSignature =
    flags['require-signatures'] ?? /^(1|true|yes|on)$/i.test(io.env.WEFT_REQUIRE_BLOCK_SIGNATURES ?? '');
  let home: BlockHome;
  try {
    home = new BlockHome({
      blocksDir: flags.blocks ? resolve(io.cwd, flags.blocks) : DEFAULT_BLOCKS_DIR,
      dataDir,
      requireSignature,
    });
  } catch (e) {
    if (e instanceof BlockManifestError)
      throw new CliError(`weft block: invalid block manifest:\n${e.message}`, ExitCode.INVALID);
    throw e;
  }
  const fail = (message: string, code: ExitCode = ExitCode.FAILED): never => {
    throw new CliError(`weft block: ${message}`, code);
  };
  return {
    where: `data dir ${dataDir}`,
    list: () => Promise.resolve({ requireSignatures: requireSignature, blocks: home.list() }),
    install: (f) => {
      const r = home.install(f.bundle, f.source);
      if (!r.ok) return fail(r.message, r.code === 'CONFLICT' ? ExitCode.USAGE : ExitCode.FAILED);
      return Promise.resolve({ block: r.block, already: r.already });
    },
    remove: (name, version) => {
      const gone = home.remove(name, version);
      if (gone.length === 0)
        fail(`block ${name}${version ? `@${version}` : ''} is not installed in ${dataDir}`, ExitCode.USAGE);
      return Promise.resolve(gone.map((b) => `${b.name}@${b.version}`));
    },
    verify: () => Promise.resolve(home.verify()),
    keysList: () => Promise.resolve(home.trust.list()),
    keysAdd: (name, key) => {
      const r = home.trust.add(name, key);
      return r.ok ? Promise.resolve(r.value) : fail(r.message, ExitCode.USAGE);
    },
    keysRemove: (name) => {
      const r = home.trust.remove(name);
      return r.ok ? Promise.resolve(r.value) : fail(r.message, ExitCode.USAGE);
    },
  };
}
