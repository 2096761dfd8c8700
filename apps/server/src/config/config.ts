import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { isLoopbackHost } from './parse-values';
import { err, ok, type Result } from '@weft/dsl';
import {
  fileKey,
  SETTINGS,
  type ServerConfig,
  type SettingSpec,
  type SqlConnectionSetting,
} from './settings';

/** Where a bad setting came from, so the message can say how to fix it. */
export type ConfigSource = 'flag' | 'env' | 'file' | 'default';

export interface ConfigError {
  /** The setting's name in weft.yaml (`port`), or `config` for the file itself. */
  setting: string;
  source: ConfigSource;
  /** One line naming the setting, where it came from, the value and what is expected. */
  message: string;
}

export interface LoadConfigOptions {
  /** Parsed `weft serve` flags, by flag name (`port`, `data-dir`) or setting key (`dataDir`). */
  flags?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Defaults to `process.env`. `WEFT_CONFIG` names the config file. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Path to a weft.yaml. Without it `WEFT_CONFIG`, else `./weft.yaml` when present. */
  file?: string;
  /** Base for relative paths given by flags or env. Defaults to `process.cwd()`. */
  cwd?: string;
}

/** The repository root, for defaults that point into it (studio, templates, blocks). */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * Read settings from flags, then `WEFT_*` variables, then weft.yaml, then defaults (first wins).
 * A bad or unknown setting is an error naming it; a non-loopback `host` without `auth` is refused.
 *
 * @example
 * const r = loadConfig({ flags: { port: '9000' } });
 * if (!r.ok) { console.error(r.error.message); process.exit(2); }
 */
export function loadConfig(opts: LoadConfigOptions = {}): Result<ServerConfig, ConfigError> {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const flags = opts.flags ?? {};

  const filePath =
    opts.file ?? env.WEFT_CONFIG ?? (existsSync(resolve(cwd, 'weft.yaml')) ? 'weft.yaml' : undefined);
  let fileValues: Record<string, unknown> = {};
  let fileDir = cwd;
  if (filePath !== undefined) {
    const abs = resolve(cwd, filePath);
    fileDir = dirname(abs);
    const read = readConfigFile(abs);
    if (!read.ok) return read;
    const flat = flattenGroups(read.value, filePath);
    if (!flat.ok) return flat;
    fileValues = flat.value;
  }
  const known = new Set(SETTINGS.map((s) => fileKey(s.key)));
  for (const key of Object.keys(fileValues)) {
    if (!known.has(key)) {
      return err({
        setting: key,
        source: 'file',
        message: `${filePath}: unknown setting "${key}" (known: ${[...known].join(', ')})`,
      });
    }
  }
  const flagKeys = new Set(SETTINGS.flatMap((s) => [s.flag, s.key as string, fileKey(s.key)]));
  flagKeys.add('config');
  for (const key of Object.keys(flags)) {
    if (!flagKeys.has(key)) return err({ setting: key, source: 'flag', message: `unknown option --${key}` });
  }

  const values: Partial<Record<keyof ServerConfig, unknown>> = {};
  let dbBase = cwd;
  let sqlBase = cwd;
  for (const spec of SETTINGS) {
    const picked = pick(spec, { flags, env, fileValues });
    if (!picked) continue;
    if (spec.key === 'db' && picked.source === 'file') dbBase = fileDir;
    if (spec.key === 'sqlConnections' && picked.source === 'file') sqlBase = fileDir;
    const parsed = spec.parse(picked.raw);
    if (parsed === undefined) {
      const shown = spec.secret ? '(hidden)' : JSON.stringify(picked.raw);
      return err({
        setting: fileKey(spec.key),
        source: picked.source,
        message: `bad setting ${describe(spec, picked.source)}: ${shown} is not ${spec.expects}`,
      });
    }
    values[spec.key] =
      spec.path && typeof parsed === 'string'
        ? resolve(picked.source === 'file' ? fileDir : cwd, parsed)
        : parsed;
  }

  const dataDir = (values.dataDir as string | undefined) ?? resolve(cwd, '.weft');
  const config: ServerConfig = {
    port: (values.port as number | undefined) ?? 8080,
    host: (values.host as string | undefined) ?? '127.0.0.1',
    db: normaliseDb((values.db as string | undefined) ?? `sqlite:${resolve(dataDir, 'weft.db')}`, dbBase),
    dataDir,
    secretKey: values.secretKey as string | undefined,
    secretKeyFile: (values.secretKeyFile as string | undefined) ?? resolve(dataDir, 'secret.key'),
    auth: (values.auth as boolean | undefined) ?? false,
    adminToken: values.adminToken as string | undefined,
    logLevel: (values.logLevel as ServerConfig['logLevel'] | undefined) ?? 'info',
    studioDir: (values.studioDir as string | undefined) ?? resolve(repoRoot, 'apps/studio/dist'),
    templatesDir: (values.templatesDir as string | undefined) ?? resolve(repoRoot, 'templates'),
    blocksDir: (values.blocksDir as string | undefined) ?? resolve(repoRoot, 'blocks'),
    webhookBodyLimit: (values.webhookBodyLimit as number | undefined) ?? 1024 * 1024,
    maxChildDepth: (values.maxChildDepth as number | undefined) ?? 16,
    apiBodyLimit: (values.apiBodyLimit as number | undefined) ?? 4 * 1024 * 1024,
    syncTimeoutMs: (values.syncTimeoutMs as number | undefined) ?? 30_000,
    shutdownTimeoutMs: (values.shutdownTimeoutMs as number | undefined) ?? 10_000,
    instanceId: (values.instanceId as string | undefined) ?? `${hostname()}-${process.pid}`,
    concurrency: (values.concurrency as number | undefined) ?? 64,
    leaseMs: (values.leaseMs as number | undefined) ?? 30_000,
    pollMs: (values.pollMs as number | undefined) ?? 1000,
    ...(values.networkAllow !== undefined ? { networkAllow: values.networkAllow as string[] } : {}),
    networkDeny: (values.networkDeny as string[] | undefined) ?? [],
    sandboxWorkers: (values.sandboxWorkers as number | undefined) ?? 2,
    requireBlockSignatures: (values.requireBlockSignatures as boolean | undefined) ?? false,
    sqlConnections: ((values.sqlConnections as SqlConnectionSetting[] | undefined) ?? []).map((c) =>
      c.url === undefined ? c : { ...c, url: normaliseDb(c.url, sqlBase) },
    ),
    sqlMaxRows: (values.sqlMaxRows as number | undefined) ?? 10_000,
    storageQuota: (values.storageQuota as number | undefined) ?? 100 * 1024 * 1024,
    ...(values.notifyUrl !== undefined ? { notifyUrl: values.notifyUrl as string } : {}),
    ...(values.notifySecret !== undefined ? { notifySecret: values.notifySecret as string } : {}),
    notifyOn: (values.notifyOn as ServerConfig['notifyOn'] | undefined) ?? ['failed'],
    notifyAttempts: (values.notifyAttempts as number | undefined) ?? 8,
    notifyBackoffMs: (values.notifyBackoffMs as number | undefined) ?? 10_000,
    ...(values.retentionMaxAgeMs !== undefined
      ? { retentionMaxAgeMs: values.retentionMaxAgeMs as number }
      : {}),
    ...(values.retentionKeepPerWorkflow !== undefined
      ? { retentionKeepPerWorkflow: values.retentionKeepPerWorkflow as number }
      : {}),
    retentionIntervalMs: (values.retentionIntervalMs as number | undefined) ?? 3_600_000,
  };
  const check = checkConfig(config);
  return check ? err(check) : ok(config);
}

/** Rules that involve several settings. Exported so `createServer` applies them to a hand-made config too. */
export function checkConfig(config: ServerConfig): ConfigError | undefined {
  if (!isLoopbackHost(config.host) && !config.auth) {
    return {
      setting: 'host',
      source: 'default',
      message:
        `refusing to listen on ${config.host} without authentication: anyone who can reach it could run workflows. ` +
        'Turn auth on (--auth true, WEFT_AUTH=true or `auth: true` in weft.yaml) or bind 127.0.0.1.',
    };
  }
  if (config.leaseMs < 1000)
    return { setting: 'lease', source: 'default', message: 'bad setting lease: must be at least 1s' };
  if (config.syncTimeoutMs < 1)
    return {
      setting: 'syncTimeout',
      source: 'default',
      message: 'bad setting syncTimeout: must be more than 0',
    };
  return undefined;
}

/** weft.yaml groups: `retention: { maxAge: 30d }` is the setting `retentionMaxAge`. */
const GROUPS: Readonly<Record<string, readonly string[]>> = {
  retention: ['maxAge', 'keepPerWorkflow', 'interval'],
};

/** `retentionMaxAge` → `retention.maxAge` (the name people write in weft.yaml); others as they are. */
function groupedName(key: string): string {
  for (const [group, keys] of Object.entries(GROUPS))
    for (const k of keys)
      if (key === `${group}${k[0]?.toUpperCase() ?? ''}${k.slice(1)}`) return `${group}.${k}`;
  return key;
}

/** Spread the keys of a group mapping into the flat setting names (a key given both ways is an error). */
function flattenGroups(
  values: Record<string, unknown>,
  filePath: string,
): Result<Record<string, unknown>, ConfigError> {
  const out: Record<string, unknown> = { ...values };
  for (const [group, keys] of Object.entries(GROUPS)) {
    if (!(group in values)) continue;
    const inner = values[group];
    delete out[group];
    if (inner === null || inner === undefined) continue;
    if (typeof inner !== 'object' || Array.isArray(inner))
      return err({
        setting: group,
        source: 'file',
        message: `${filePath}: "${group}" must be a mapping of ${keys.join(', ')}`,
      });
    for (const [k, v] of Object.entries(inner as Record<string, unknown>)) {
      if (!keys.includes(k))
        return err({
          setting: `${group}.${k}`,
          source: 'file',
          message: `${filePath}: unknown setting "${group}.${k}" (known: ${keys.map((x) => `${group}.${x}`).join(', ')})`,
        });
      const flatKey = `${group}${k[0]?.toUpperCase() ?? ''}${k.slice(1)}`;
      if (flatKey in values)
        return err({
          setting: flatKey,
          source: 'file',
          message: `${filePath}: "${group}.${k}" and "${flatKey}" are the same setting; give one`,
        });
      out[flatKey] = v;
    }
  }
  return ok(out);
}

function pick(
  spec: SettingSpec,
  src: {
    flags: LoadConfigOptions['flags'] & object;
    env: Readonly<Record<string, string | undefined>>;
    fileValues: Record<string, unknown>;
  },
): { raw: unknown; source: ConfigSource } | undefined {
  const flag = src.flags[spec.flag] ?? src.flags[spec.key] ?? src.flags[fileKey(spec.key)];
  if (flag !== undefined) return { raw: flag, source: 'flag' };
  const env = src.env[spec.env];
  if (env !== undefined && env !== '') return { raw: env, source: 'env' };
  const name = fileKey(spec.key);
  if (name in src.fileValues) return { raw: src.fileValues[name], source: 'file' };
  return undefined;
}

function describe(spec: SettingSpec, source: ConfigSource): string {
  switch (source) {
    case 'flag':
      return `--${spec.flag}`;
    case 'env':
      return spec.env;
    case 'file':
      return `"${groupedName(fileKey(spec.key))}" in weft.yaml`;
    case 'default':
      return fileKey(spec.key);
  }
}

function readConfigFile(path: string): Result<Record<string, unknown>, ConfigError> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return err({ setting: 'config', source: 'file', message: `cannot read config file ${path}` });
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    return err({
      setting: 'config',
      source: 'file',
      message: `config file ${path} is not valid YAML: ${(e as Error).message.split('\n')[0]}`,
    });
  }
  if (doc === null || doc === undefined) return ok({});
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    return err({
      setting: 'config',
      source: 'file',
      message: `config file ${path} must be a mapping of settings`,
    });
  }
  return ok(doc as Record<string, unknown>);
}

/** Make a relative `sqlite:` path absolute so the server does not depend on its working directory later. */
function normaliseDb(db: string, base: string): string {
  if (!db.startsWith('sqlite:') || db === 'sqlite::memory:' || db.startsWith('sqlite://')) return db;
  const rest = db.slice('sqlite:'.length);
  const q = rest.indexOf('?');
  const path = q === -1 ? rest : rest.slice(0, q);
  return isAbsolute(path) ? db : `sqlite:${resolve(base, path)}${q === -1 ? '' : rest.slice(q)}`;
}
