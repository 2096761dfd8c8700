/**
 * The server's settings: one table, read the same way from `weft.yaml` (camelCase key), `WEFT_*`
 * environment variables and `weft serve` flags. docs/server.md prints this table.
 */
import { parseBool, parseBytes, parseDuration, parseInt } from './parse-values';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface ServerConfig {
  port: number;
  host: string;
  /** `sqlite:PATH`, `sqlite::memory:` or `postgres://…`. */
  db: string;
  /** Where the embedded database, the secret key file and the bootstrap admin token live. */
  dataDir: string;
  /** 32-byte key, base64 or hex. When absent the key file is used (created on first start). */
  secretKey?: string;
  secretKeyFile: string;
  /** Require an API token on every tRPC call. */
  auth: boolean;
  /** A bootstrap admin token (auth on); when absent and no token exists one is written to `<dataDir>/admin.token`. */
  adminToken?: string;
  logLevel: LogLevel;
  studioDir: string;
  templatesDir: string;
  blocksDir: string;
  webhookBodyLimit: number;
  /** Deepest nesting of child runs (`uses: workflow`). */
  maxChildDepth: number;
  /** Largest request body of the tRPC API (413 above). */
  apiBodyLimit: number;
  syncTimeoutMs: number;
  shutdownTimeoutMs: number;
  /** Name of this process among several on one database. */
  instanceId: string;
  /** Steps this process runs at once. */
  concurrency: number;
  leaseMs: number;
  /** How often a process looks for claimable runs (matters with several processes). */
  pollMs: number;
  /** Server network policy: when set, every host a block reaches must ALSO match one of these. */
  networkAllow?: string[];
  /** Hosts, IPs or CIDRs no block may reach, whatever a workflow says. */
  networkDeny: string[];
  /** Worker threads of the block sandbox. */
  sandboxWorkers: number;
  /** Refuse to install or load blocks that are not signed by a key of the trust store. */
  requireBlockSignatures: boolean;
  /** Named SQL connections `sql@1` may use (a workflow must also list the name in `permissions.sql`). */
  sqlConnections: SqlConnectionSetting[];
  /** Most rows one `sql@1` statement returns. */
  sqlMaxRows: number;
  /** Bytes one workflow may keep in `storage@1` (under `<dataDir>/storage`). */
  storageQuota: number;
  /** Server-wide run-end notifications: every workflow's runs also notify this URL. */
  notifyUrl?: string;
  /** Signs the server-wide notices (literal, or `${{ secrets.NAME }}`). */
  notifySecret?: string;
  /** Which run ends the server-wide URL hears about. */
  notifyOn: ('failed' | 'success' | 'cancelled' | 'any')[];
  /** Attempts of a notification before it is dead-lettered. */
  notifyAttempts: number;
  /** Delay before the first retry of a notification; it doubles with each attempt (at most 1 h). */
  notifyBackoffMs: number;
  /** Retention: prune ended runs (with their steps and events) that finished longer ago than this. */
  retentionMaxAgeMs?: number;
  /** Retention: keep at most this many ended runs per workflow (the newest). */
  retentionKeepPerWorkflow?: number;
  /** How often the retention job prunes (when a retention rule is set). */
  retentionIntervalMs: number;
}

/** One `sqlConnections` entry: `NAME=TARGET` or `NAME:readonly=TARGET`. */
export interface SqlConnectionSetting {
  name: string;
  readOnly: boolean;
  /** `sqlite:PATH` or `postgres://…`, or the name of a Weft secret holding the URL. */
  url?: string;
  secret?: string;
}

const SQL_ENTRY = /^([A-Za-z][A-Za-z0-9_-]{0,62})(:readonly)?=(.+)$/;

/** Parses `sqlConnections` entries; undefined when one is not `NAME[:readonly]=sqlite:…|postgres://…|secret:NAME`. */
export function parseSqlConnections(raw: unknown): SqlConnectionSetting[] | undefined {
  const entries = list(raw);
  if (!entries) return undefined;
  const out: SqlConnectionSetting[] = [];
  for (const e of entries) {
    const m = SQL_ENTRY.exec(e);
    if (!m) return undefined;
    const [, name = '', ro, target = ''] = m;
    if (out.some((c) => c.name === name)) return undefined;
    const base = { name, readOnly: ro !== undefined };
    if (target.startsWith('secret:') && target.length > 7) out.push({ ...base, secret: target.slice(7) });
    else if (/^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(target)) out.push({ ...base, url: target });
    else return undefined;
  }
  return out;
}

export type SettingKey = keyof ServerConfig;

/** The name in weft.yaml (and error messages): the key without a trailing `Ms`. */
export const fileKey = (key: SettingKey): string => key.replace(/Ms$/, '');

export interface SettingSpec {
  key: SettingKey;
  env: string;
  flag: string;
  /** Human description of the accepted values, used in error messages and docs. */
  expects: string;
  description: string;
  /** Shown in docs; the real default is computed in `config.ts`. */
  defaultText: string;
  /** Parses a raw value; undefined means invalid. Paths are resolved later. */
  parse(raw: unknown): unknown;
  path?: boolean;
  secret?: boolean;
}

const str = (raw: unknown): string | undefined =>
  typeof raw === 'string' && raw.trim() !== ''
    ? raw.trim()
    : typeof raw === 'number'
      ? String(raw)
      : undefined;

/** A YAML list of strings, or text separated by commas. */
const list = (raw: unknown): string[] | undefined => {
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : undefined;
  if (!items || !items.every((x) => typeof x === 'string')) return undefined;
  return (items as string[]).map((x) => x.trim()).filter((x) => x !== '');
};

/** A duration of at least `minMs`. */
const durationAtLeast = (raw: unknown, minMs: number): number | undefined => {
  const ms = parseDuration(raw);
  return ms !== undefined && ms >= minMs ? ms : undefined;
};

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** What a setting accepts: the words for its error messages and docs, and the parser they describe. */
interface Kind {
  expects: string;
  parse(raw: unknown): unknown;
  path?: boolean;
}

const text = (expects: string): Kind => ({ expects, parse: str });
const dir: Kind = { expects: 'a directory path', parse: str, path: true };
const file: Kind = { expects: 'a file path', parse: str, path: true };
const bool: Kind = { expects: 'true or false', parse: parseBool };
const int = (min: number, max: number): Kind => ({
  expects: `an integer ${min}-${max}`,
  parse: (r) => parseInt(r, min, max),
});
const duration = (example: string): Kind => ({ expects: `a duration like ${example}`, parse: parseDuration });
const size = (expects: string): Kind => ({ expects, parse: parseBytes });
const hostList: Kind = {
  expects: 'a list of hosts, *.domains, IPs or CIDRs (comma-separated in env and flags)',
  parse: list,
};

/** A setting's environment variable: `WEFT_` and its flag in capitals (`data-dir` → `WEFT_DATA_DIR`). */
const envName = (flag: string): string => `WEFT_${flag.toUpperCase().replaceAll('-', '_')}`;

const TABLE: readonly Omit<SettingSpec, 'env'>[] = [
  {
    key: 'port',
    flag: 'port',
    expects: 'a TCP port 0-65535',
    defaultText: '8080',
    description: 'Port to listen on (0 picks a free one).',
    parse: (r) => parseInt(r, 0, 65535),
  },
  {
    key: 'host',
    flag: 'host',
    ...text('a host name or IP address'),
    defaultText: '127.0.0.1',
    description: 'Address to bind. A non-loopback address requires `auth`.',
  },
  {
    key: 'db',
    flag: 'db',
    expects: 'sqlite:PATH, sqlite::memory: or postgres://…',
    defaultText: 'sqlite:./.weft/weft.db',
    description: 'Database URL.',
    parse: (r) => {
      const s = str(r);
      return s && /^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(s) ? s : undefined;
    },
    secret: true,
  },
  {
    key: 'dataDir',
    flag: 'data-dir',
    ...dir,
    defaultText: './.weft',
    description: 'Directory for the embedded database, key file and bootstrap token.',
  },
  {
    key: 'secretKey',
    flag: 'secret-key',
    expects: '32 bytes as base64 (44 chars) or hex (64 chars)',
    defaultText: '(key file)',
    description: 'Key that encrypts secrets at rest (AES-256-GCM).',
    parse: (r) => {
      const s = str(r);
      if (!s) return undefined;
      if (/^[0-9a-f]{64}$/i.test(s)) return s;
      return Buffer.from(s, 'base64').length === 32 ? s : undefined;
    },
    secret: true,
  },
  {
    key: 'secretKeyFile',
    flag: 'secret-key-file',
    ...file,
    defaultText: '<dataDir>/secret.key',
    description: 'Key file, created with mode 0600 on first start when absent.',
  },
  {
    key: 'auth',
    flag: 'auth',
    ...bool,
    defaultText: 'false',
    description: 'Require an API token (roles admin/editor/viewer) on every API call.',
  },
  {
    key: 'adminToken',
    flag: 'admin-token',
    expects: 'a token of at least 16 characters',
    defaultText: '(generated)',
    description: 'Bootstrap admin token (only its hash is stored).',
    parse: (r) => {
      const s = str(r);
      return s && s.length >= 16 ? s : undefined;
    },
    secret: true,
  },
  {
    key: 'logLevel',
    flag: 'log-level',
    expects: LOG_LEVELS.join(', '),
    defaultText: 'info',
    description: 'Log level of the JSON logs on stdout.',
    parse: (r) => ((LOG_LEVELS as readonly unknown[]).includes(r) ? r : undefined),
  },
  {
    key: 'studioDir',
    flag: 'studio-dir',
    ...dir,
    defaultText: 'apps/studio/dist',
    description: "The studio's built files, served at /.",
  },
  {
    key: 'templatesDir',
    flag: 'templates-dir',
    ...dir,
    defaultText: 'templates/',
    description: 'Gallery templates.',
  },
  {
    key: 'blocksDir',
    flag: 'blocks-dir',
    ...dir,
    defaultText: 'blocks/',
    description: 'Block manifests and their .wasm.',
  },
  {
    key: 'webhookBodyLimit',
    flag: 'webhook-body-limit',
    ...size('a size like 1MiB, 512KiB or bytes'),
    defaultText: '1MiB',
    description: 'Largest webhook body accepted (413 above).',
  },
  {
    key: 'maxChildDepth',
    flag: 'max-child-depth',
    ...int(1, 1000),
    defaultText: '16',
    description: 'Deepest nesting of child runs (uses: workflow); deeper fails the step with LIMIT_EXCEEDED.',
  },
  {
    key: 'apiBodyLimit',
    flag: 'api-body-limit',
    ...size('a size like 4MiB, 512KiB or bytes'),
    defaultText: '4MiB',
    description: 'Largest request body of the API at /api/trpc (413 above).',
  },
  {
    key: 'syncTimeoutMs',
    flag: 'sync-timeout',
    ...duration('30s'),
    defaultText: '30s',
    description: 'How long a sync webhook waits for its run (504 after).',
  },
  {
    key: 'shutdownTimeoutMs',
    flag: 'shutdown-timeout',
    ...duration('10s'),
    defaultText: '10s',
    description: 'On SIGTERM, how long in-flight steps may finish before their runs are released.',
  },
  {
    key: 'instanceId',
    flag: 'instance-id',
    ...text('a name'),
    defaultText: '<host>-<pid>',
    description: "This process's name as a lease owner.",
  },
  {
    key: 'concurrency',
    flag: 'concurrency',
    ...int(1, 10_000),
    defaultText: '64',
    description: 'Block calls this process runs at once (across all runs).',
  },
  {
    key: 'leaseMs',
    flag: 'lease',
    ...duration('30s'),
    defaultText: '30s',
    description: 'Lease on a claimed run; another process takes it over after it expires.',
  },
  {
    key: 'pollMs',
    flag: 'poll',
    ...duration('1s'),
    defaultText: '1s',
    description: 'How often to look for runs to claim.',
  },
  {
    key: 'networkAllow',
    flag: 'network-allow',
    ...hostList,
    defaultText: '(what each workflow allows)',
    description: 'Server policy: a host a block reaches must also match this list.',
  },
  {
    key: 'networkDeny',
    flag: 'network-deny',
    ...hostList,
    defaultText: '(none)',
    description: 'Hosts no block may reach, whatever a workflow says.',
  },
  {
    key: 'sandboxWorkers',
    flag: 'sandbox-workers',
    ...int(1, 64),
    defaultText: '2',
    description: 'Worker threads running blocks and `code` (each runs one call at a time).',
  },
  {
    key: 'requireBlockSignatures',
    flag: 'require-block-signatures',
    ...bool,
    defaultText: 'false',
    description:
      'Install and load only blocks signed by a trusted key (`weft block keys add`); unsigned or untrusted blocks are refused.',
  },
  {
    key: 'sqlConnections',
    flag: 'sql-connections',
    expects:
      'a list of NAME=sqlite:PATH, NAME=postgres://…, or NAME=secret:SECRET (the URL kept as a Weft secret); NAME:readonly=… refuses writes',
    defaultText: '(none)',
    description:
      'Databases the `sql@1` block may query, by name; a workflow uses one only if its `permissions.sql` names it.',
    parse: parseSqlConnections,
  },
  {
    key: 'sqlMaxRows',
    flag: 'sql-max-rows',
    ...int(1, 1_000_000),
    defaultText: '10000',
    description: 'Most rows one `sql@1` statement returns (a step may ask for fewer with `maxRows`).',
  },
  {
    key: 'storageQuota',
    flag: 'storage-quota',
    ...size('a size like 100MiB'),
    defaultText: '100MiB',
    description: 'Bytes each workflow may keep in the `storage@1` object store (`<dataDir>/storage`).',
  },
  {
    key: 'notifyUrl',
    flag: 'notify-url',
    expects: 'an http:// or https:// URL',
    defaultText: '(none)',
    description: 'Every run end listed in `notifyOn`, of every workflow, is POSTed here as signed JSON.',
    parse: (r) => {
      const u = str(r);
      return u !== undefined && /^https?:\/\/[^\s/?#]+\S*$/.test(u) ? u : undefined;
    },
  },
  {
    key: 'notifySecret',
    flag: 'notify-secret',
    ...text('a non-empty text, or ${{ secrets.NAME }}'),
    defaultText: '(unsigned)',
    description: 'Signs the server-wide notices (`X-Weft-Signature`).',
    secret: true,
  },
  {
    key: 'notifyOn',
    flag: 'notify-on',
    expects: 'a list of failed, success, cancelled, any',
    defaultText: 'failed',
    description: 'Which run ends `notifyUrl` hears about.',
    parse: (r) => {
      const l = list(r);
      return l && l.length > 0 && l.every((x) => ['failed', 'success', 'cancelled', 'any'].includes(x))
        ? l
        : undefined;
    },
  },
  {
    key: 'notifyAttempts',
    flag: 'notify-attempts',
    ...int(1, 50),
    defaultText: '8',
    description: 'Attempts of a notification (workflow or server-wide) before it is dead-lettered.',
  },
  {
    key: 'notifyBackoffMs',
    flag: 'notify-backoff',
    ...duration('10s'),
    defaultText: '10s',
    description: 'Delay before the first retry of a notification; doubles each attempt, at most 1h.',
  },
  {
    key: 'retentionMaxAgeMs',
    flag: 'retention-max-age',
    expects: 'a duration like 30d or 12h (at least 1m)',
    defaultText: '(keep forever)',
    description:
      'Retention: ended runs, with their steps and events, are pruned once they finished longer ago than this (weft.yaml: `retention.maxAge`).',
    parse: (r) => durationAtLeast(r, 60_000),
  },
  {
    key: 'retentionKeepPerWorkflow',
    flag: 'retention-keep-per-workflow',
    ...int(1, 100_000_000),
    defaultText: '(no limit)',
    description:
      'Retention: keep at most this many ended runs per workflow, the newest (weft.yaml: `retention.keepPerWorkflow`).',
  },
  {
    key: 'retentionIntervalMs',
    flag: 'retention-interval',
    expects: 'a duration like 1h (at least 1s)',
    defaultText: '1h',
    description:
      'How often the retention job prunes, when `retention.maxAge` or `retention.keepPerWorkflow` is set (weft.yaml: `retention.interval`).',
    parse: (r) => durationAtLeast(r, 1000),
  },
];

/** Every setting, each with its `WEFT_*` variable. */
export const SETTINGS: readonly SettingSpec[] = TABLE.map((s) => ({ ...s, env: envName(s.flag) }));
