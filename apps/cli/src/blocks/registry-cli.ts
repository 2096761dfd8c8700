/**
 * `weft block pack|install|list|remove|verify|keys` — the block registry from the command line.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BlockSdkError, ensureBlockBuilt } from '@weft/block-sdk';
import type { BlockBundle } from '@weft/sandbox';
import {
  bundleFromFolder,
  digestOf,
  generateSigningKey,
  packBundle,
  sha256,
  signStatement,
} from '@weft/sandbox';
import { parseFlags } from '../args';
import { CliError, ExitCode, usageError } from '../exit-codes';
import type { CliIo } from '../io';
import { fetchSource } from './source';
import { openTarget } from './target';

export const REGISTRY_SUBCOMMANDS = new Set(['pack', 'install', 'list', 'remove', 'verify', 'keys', 'lock']);

const TARGET_FLAGS = {
  server: { type: 'string' },
  token: { type: 'string' },
  'data-dir': { type: 'string' },
  blocks: { type: 'string' },
  'require-signatures': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

export async function registryCli(sub: string, args: readonly string[], io: CliIo): Promise<ExitCode> {
  switch (sub) {
    case 'pack':
      return pack(args, io);
    case 'install':
      return install(args, io);
    case 'list':
      return list(args, io);
    case 'remove':
      return remove(args, io);
    case 'verify':
      return verify(args, io);
    case 'keys':
      return keys(args, io);
    case 'lock': {
      const { lockCli } = await import('./lock-cli');
      return lockCli(args, io);
    }
    default:
      throw usageError(`weft block: unknown sub-command "${sub}"`);
  }
}

async function pack(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseFlags('block pack', args, {
    sign: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  });
  const dir = resolve(io.cwd, positionals[0] ?? '.');
  if (!existsSync(join(dir, 'block.yaml'))) throw usageError(`weft block pack: ${dir} has no block.yaml`);
  try {
    if (existsSync(join(dir, 'assembly'))) await ensureBlockBuilt(dir);
  } catch (e) {
    if (e instanceof BlockSdkError) throw new CliError(`weft block pack: ${e.message}`, ExitCode.FAILED);
    throw e;
  }
  const r = bundleFromFolder(dir);
  if (!r.ok) throw new CliError(`weft block pack: ${r.message}`, ExitCode.FAILED);
  const b = r.bundle;
  b.digest = undefined;
  let signature;
  if (values.sign) {
    const keyFile = resolve(io.cwd, values.sign);
    let pem: string;
    try {
      pem = readFileSync(keyFile, 'utf8');
    } catch {
      throw usageError(`weft block pack: --sign ${values.sign}: cannot read the key file`);
    }
    const s = signStatement(pem, b);
    if (!s.ok) throw usageError(`weft block pack: --sign ${values.sign}: ${s.message}`);
    signature = s.value;
  }
  const digest = digestOf(b, signature);
  const bytes = await packBundle(b, digest);
  const out = resolve(io.cwd, values.out ?? `${b.name}-${b.version}.tgz`);
  writeFileSync(out, bytes);
  const summary = {
    file: out,
    name: b.name,
    version: b.version,
    wasmSha256: b.wasmSha256,
    manifestSha256: b.manifestSha256,
    archiveSha256: sha256(bytes),
    signedBy: signature?.keyId ?? null,
  };
  if (values.json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
  else
    io.stdout(
      `packed ${b.name}@${b.version} → ${out}\n  wasm sha256 ${b.wasmSha256}\n  ${signature ? `signed with ed25519 key ${signature.keyId}` : 'unsigned (use --sign KEY to sign)'}\n`,
    );
  return ExitCode.OK;
}

/** What a block asks for, in words (shown before install). */
export function capabilityLines(b: BlockBundle): string[] {
  const m = b.manifest;
  const mib = (n: number | undefined): string =>
    n === undefined ? 'default' : `${(n / 1048576).toFixed(1)} MiB`;
  return [
    `  network:  ${m.capabilities.network ? 'YES — may call hosts that a workflow lists in permissions.network' : 'no'}`,
    `  sql:      ${m.capabilities.sql ? 'YES — may query the connections a workflow lists in permissions.sql' : 'no'}`,
    `  storage:  ${m.capabilities.storage ? "YES — may read and write the workflow's own object store" : 'no'}`,
    `  memory:   ${mib(m.limits.memoryBytes)}`,
    `  timeout:  ${m.limits.timeoutMs === undefined ? 'default' : `${m.limits.timeoutMs} ms`}`,
    `  output:   ${m.limits.maxOutputBytes === undefined ? 'default' : `${m.limits.maxOutputBytes} bytes max`}`,
  ];
}

async function install(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseFlags('block install', args, {
    ...TARGET_FLAGS,
    yes: { type: 'boolean', short: 'y' },
    registry: { type: 'string' },
  });
  const [raw] = positionals;
  if (!raw || positionals.length > 1)
    throw usageError(
      'weft block install: give one SOURCE (a folder, a .tgz, an npm package name or an https URL)',
    );
  const target = openTarget(io, values);
  const fetched = await fetchSource(raw, { cwd: io.cwd, env: io.env, registry: values.registry });
  if (!fetched.ok) throw new CliError(`weft block install: ${fetched.message}`, ExitCode.FAILED);
  const f = fetched.value;
  const b = f.bundle;
  const sig = b.digest?.signature;
  io.stderr(
    [
      `${b.name}@${b.version} — ${b.manifest.title}`,
      `  from ${f.source}`,
      `  wasm sha256 ${b.wasmSha256}`,
      `  ${sig ? `signed by ed25519 key ${sig.keyId}` : 'unsigned'}`,
      'It asks for:',
      ...capabilityLines(b),
      '',
    ].join('\n'),
  );
  if (!values.yes) {
    const answer = await confirm(io, `Install ${b.name}@${b.version}? [y/N] `);
    if (!/^y(es)?$/i.test(answer.split('\n')[0] ?? ''))
      throw usageError(
        `weft block install: not installed: confirm with "y" on standard input, or pass --yes`,
      );
  }
  const r = await target.install(f);
  if (values.json) io.stdout(`${JSON.stringify(r, null, 2)}\n`);
  else
    io.stdout(
      r.already
        ? `${b.name}@${b.version} is already installed with the same bytes (${target.where})\n`
        : `installed ${b.name}@${b.version} into ${target.where}${r.block.signer?.name ? ` (signed by ${r.block.signer.name})` : ''}\n`,
    );
  return ExitCode.OK;
}

async function list(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseFlags('block list', args, TARGET_FLAGS);
  const r = await openTarget(io, values).list();
  if (values.json) {
    io.stdout(`${JSON.stringify(r, null, 2)}\n`);
    return ExitCode.OK;
  }
  for (const b of r.blocks) {
    const caps = (['network', 'sql', 'storage'] as const).filter((k) => b.capabilities[k]).join(',') || '-';
    const signer = b.signer
      ? (b.signer.name ?? `key ${b.signer.keyId} (untrusted)`)
      : b.origin === 'standard'
        ? 'standard'
        : 'unsigned';
    io.stdout(
      `${`${b.name}@${b.version}`.padEnd(24)} ${b.origin.padEnd(9)} ${(b.sha256 ?? 'not built').slice(0, 16).padEnd(16)}  ${signer.padEnd(20)} ${caps}\n`,
    );
  }
  return ExitCode.OK;
}

async function remove(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseFlags('block remove', args, TARGET_FLAGS);
  const [spec] = positionals;
  if (!spec) throw usageError('weft block remove: give NAME or NAME@VERSION');
  const at = spec.indexOf('@');
  const name = at > 0 ? spec.slice(0, at) : spec;
  const version = at > 0 ? spec.slice(at + 1) : undefined;
  const gone = await openTarget(io, values).remove(name, version);
  if (values.json) io.stdout(`${JSON.stringify({ removed: gone })}\n`);
  else io.stdout(`removed ${gone.join(', ')}\n`);
  return ExitCode.OK;
}

async function verify(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseFlags('block verify', args, TARGET_FLAGS);
  const target = openTarget(io, values);
  const results = await target.verify();
  if (values.json) io.stdout(`${JSON.stringify({ results }, null, 2)}\n`);
  else {
    if (results.length === 0) io.stdout(`no installed blocks in ${target.where}\n`);
    for (const r of results)
      io.stdout(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.name}@${r.version}${r.problem ? `: ${r.problem}` : ''}\n`);
  }
  return results.every((r) => r.ok) ? ExitCode.OK : ExitCode.FAILED;
}

async function keys(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseFlags('block keys', args, {
    ...TARGET_FLAGS,
    out: { type: 'string' },
  });
  const [sub, name, key] = positionals;
  if (sub === 'generate') {
    if (!name) throw usageError('weft block keys generate: give a NAME (files NAME.key and NAME.pub)');
    const dir = resolve(io.cwd, values.out ?? '.');
    const k = generateSigningKey();
    const priv = join(dir, `${name}.key`);
    if (existsSync(priv)) throw usageError(`weft block keys generate: ${priv} exists; not overwritten`);
    writeFileSync(priv, k.privateKey, { mode: 0o600 });
    chmodSync(priv, 0o600);
    writeFileSync(join(dir, `${name}.pub`), k.publicKey);
    io.stdout(
      `ed25519 key ${k.keyId}\n  private: ${priv} (keep it secret; weft block pack --sign ${priv})\n  public:  ${join(dir, `${name}.pub`)} (weft block keys add ${name} ${join(dir, `${name}.pub`)})\n`,
    );
    return ExitCode.OK;
  }
  const target = openTarget(io, values);
  if (sub === 'list') {
    const list = await target.keysList();
    if (values.json) io.stdout(`${JSON.stringify(list, null, 2)}\n`);
    else if (list.length === 0) io.stdout(`no trusted keys in ${target.where}\n`);
    else for (const k of list) io.stdout(`${k.name.padEnd(20)} ${k.keyId}  added ${k.addedAt}\n`);
    return ExitCode.OK;
  }
  if (sub === 'add') {
    if (!name || !key) throw usageError('weft block keys add: give NAME and KEY (a .pub file or base64)');
    const path = resolve(io.cwd, key);
    const text = existsSync(path) ? readFileSync(path, 'utf8') : key;
    const k = await target.keysAdd(name, text);
    io.stdout(
      values.json ? `${JSON.stringify(k)}\n` : `trusted key ${k.name} (${k.keyId}) in ${target.where}\n`,
    );
    return ExitCode.OK;
  }
  if (sub === 'remove') {
    if (!name) throw usageError('weft block keys remove: give the key NAME or id');
    const k = await target.keysRemove(name);
    io.stdout(values.json ? `${JSON.stringify(k)}\n` : `removed key ${k.name} (${k.keyId})\n`);
    return ExitCode.OK;
  }
  throw usageError('weft block keys: give generate, add, list or remove');
}

/** Asks on a terminal, or reads the answer from piped standard input. */
async function confirm(io: CliIo, question: string): Promise<string> {
  if (io.isTTY && process.stdin.isTTY) {
    const { createInterface } = await import('node:readline/promises');
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return (await rl.question(question)).trim();
    } finally {
      rl.close();
    }
  }
  return (await io.readStdin()).trim();
}
