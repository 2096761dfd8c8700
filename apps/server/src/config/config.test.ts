import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

const dir = (): string => mkdtempSync(join(tmpdir(), 'weft-config-'));

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const cwd = dir();
    const r = loadConfig({ env: {}, cwd });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.port).toBe(8080);
    expect(r.value.host).toBe('127.0.0.1');
    expect(r.value.db).toBe(`sqlite:${join(cwd, '.weft/weft.db')}`);
    expect(r.value.secretKeyFile).toBe(join(cwd, '.weft/secret.key'));
    expect(r.value.auth).toBe(false);
  });

  it('counts sizes as the DSL and block manifests do: kB = 1000 bytes, KiB = 1024; digits are ms', () => {
    const r = loadConfig({
      env: { WEFT_WEBHOOK_BODY_LIMIT: '64kB', WEFT_API_BODY_LIMIT: '2MiB', WEFT_SYNC_TIMEOUT: '1500' },
      cwd: dir(),
    });
    expect(r.ok && [r.value.webhookBodyLimit, r.value.apiBodyLimit, r.value.syncTimeoutMs]).toEqual([
      64_000,
      2 * 1024 * 1024,
      1500,
    ]);
  });

  it('reads the same settings from weft.yaml, WEFT_* and flags, flags first', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'weft.yaml'), 'port: 9001\nsyncTimeout: 5s\nwebhookBodyLimit: 64KiB\n');
    const fromFile = loadConfig({ env: {}, cwd });
    expect(
      fromFile.ok && [fromFile.value.port, fromFile.value.syncTimeoutMs, fromFile.value.webhookBodyLimit],
    ).toEqual([9001, 5000, 65536]);
    const fromEnv = loadConfig({ env: { WEFT_PORT: '9002', WEFT_SYNC_TIMEOUT: '1m' }, cwd });
    expect(fromEnv.ok && [fromEnv.value.port, fromEnv.value.syncTimeoutMs]).toEqual([9002, 60000]);
    const fromFlag = loadConfig({
      env: { WEFT_PORT: '9002' },
      flags: { port: '9003', db: 'sqlite::memory:' },
      cwd,
    });
    expect(fromFlag.ok && [fromFlag.value.port, fromFlag.value.db]).toEqual([9003, 'sqlite::memory:']);
  });

  it('resolves a relative sqlite path against the file that names it, keeping options', () => {
    const cwd = dir();
    const sub = join(cwd, 'conf');
    mkdirSync(sub);
    writeFileSync(join(sub, 'weft.yaml'), 'db: "sqlite:data/w.db?synchronous=FULL"\n');
    const r = loadConfig({ env: {}, cwd, file: 'conf/weft.yaml' });
    expect(r.ok && r.value.db).toBe(`sqlite:${join(sub, 'data/w.db')}?synchronous=FULL`);
  });

  it('reads lists from YAML or comma-separated text', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'weft.yaml'), 'networkDeny: [10.0.0.0/8, "*.corp.example"]\n');
    const r = loadConfig({ env: { WEFT_NETWORK_ALLOW: 'api.github.com, *.example.com' }, cwd });
    expect(r.ok && [r.value.networkDeny, r.value.networkAllow]).toEqual([
      ['10.0.0.0/8', '*.corp.example'],
      ['api.github.com', '*.example.com'],
    ]);
    writeFileSync(join(cwd, 'weft.yaml'), 'networkDeny: [1, 2]\n');
    expect(!loadConfig({ env: {}, cwd }).ok).toBe(true);
  });

  it('reads SQL connections (relative SQLite paths against the file) and refuses a malformed one', () => {
    const cwd = dir();
    mkdirSync(join(cwd, 'conf'));
    writeFileSync(
      join(cwd, 'conf/weft.yaml'),
      'sqlConnections: [shop=sqlite:./shop.db, "reports:readonly=postgres://r@db/shop", billing=secret:BILLING_URL]\n',
    );
    const r = loadConfig({ env: {}, cwd, file: 'conf/weft.yaml' });
    expect(r.ok && r.value.sqlConnections).toEqual([
      { name: 'shop', readOnly: false, url: `sqlite:${join(cwd, 'conf/shop.db')}` },
      { name: 'reports', readOnly: true, url: 'postgres://r@db/shop' },
      { name: 'billing', readOnly: false, secret: 'BILLING_URL' },
    ]);
    expect(r.ok && [r.value.sqlMaxRows, r.value.storageQuota]).toEqual([10_000, 100 * 1024 * 1024]);
    for (const bad of ['shop', 'shop=mysql://x', '1x=sqlite:a.db', 'a=sqlite:a.db,a=sqlite:b.db']) {
      const e = loadConfig({ env: { WEFT_SQL_CONNECTIONS: bad }, cwd });
      expect(!e.ok && e.error.message, bad).toContain('WEFT_SQL_CONNECTIONS');
    }
  });

  it('names a bad setting and where it came from', () => {
    const cwd = dir();
    const env = loadConfig({ env: { WEFT_PORT: 'eighty' }, cwd });
    expect(env).toEqual({
      ok: false,
      error: {
        setting: 'port',
        source: 'env',
        message: 'bad setting WEFT_PORT: "eighty" is not a TCP port 0-65535',
      },
    });
    const flag = loadConfig({ env: {}, flags: { db: 'mysql://x' }, cwd });
    expect(!flag.ok && flag.error.message).toBe(
      'bad setting --db: (hidden) is not sqlite:PATH, sqlite::memory: or postgres://…',
    );
    writeFileSync(join(cwd, 'weft.yaml'), 'prot: 80\n');
    const file = loadConfig({ env: {}, cwd });
    expect(!file.ok && file.error.setting).toBe('prot');
    expect(!file.ok && file.error.message).toContain('unknown setting "prot"');
    const unknownFlag = loadConfig({ env: {}, flags: { verbose: true }, cwd: dir() });
    expect(!unknownFlag.ok && unknownFlag.error.message).toBe('unknown option --verbose');
  });

  it('reports a config file that is not YAML or not a mapping', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'bad.yaml'), 'port: [1,\n');
    const r = loadConfig({ env: {}, cwd, file: 'bad.yaml' });
    expect(!r.ok && r.error.message).toMatch(/is not valid YAML/);
    writeFileSync(join(cwd, 'list.yaml'), '- 1\n');
    const l = loadConfig({ env: {}, cwd, file: 'list.yaml' });
    expect(!l.ok && l.error.message).toMatch(/must be a mapping/);
  });

  it('refuses a non-loopback host without auth, with a message saying what to do', () => {
    const r = loadConfig({ env: { WEFT_HOST: '0.0.0.0' }, cwd: dir() });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(
      /refusing to listen on 0\.0\.0\.0 without authentication.*WEFT_AUTH=true/,
    );
    const withAuth = loadConfig({ env: { WEFT_HOST: '0.0.0.0', WEFT_AUTH: 'true' }, cwd: dir() });
    expect(withAuth.ok).toBe(true);
    expect(loadConfig({ env: { WEFT_HOST: 'localhost' }, cwd: dir() }).ok).toBe(true);
    expect(loadConfig({ env: { WEFT_HOST: '::1' }, cwd: dir() }).ok).toBe(true);
  });

  it('accepts a 32-byte secret key in hex or base64 only', () => {
    const hex = 'a'.repeat(64);
    expect(loadConfig({ env: { WEFT_SECRET_KEY: hex }, cwd: dir() }).ok).toBe(true);
    expect(
      loadConfig({ env: { WEFT_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') }, cwd: dir() }).ok,
    ).toBe(true);
    const short = loadConfig({ env: { WEFT_SECRET_KEY: 'abc' }, cwd: dir() });
    expect(!short.ok && short.error.message).toBe(
      'bad setting WEFT_SECRET_KEY: (hidden) is not 32 bytes as base64 (44 chars) or hex (64 chars)',
    );
  });

  it('reads retention from a `retention:` group in weft.yaml, WEFT_RETENTION_* or flags; off by default', () => {
    const cwd = dir();
    const none = loadConfig({ env: {}, cwd });
    expect(none.ok && [none.value.retentionMaxAgeMs, none.value.retentionKeepPerWorkflow]).toEqual([
      undefined,
      undefined,
    ]);
    expect(none.ok && none.value.retentionIntervalMs).toBe(3_600_000);
    writeFileSync(
      join(cwd, 'weft.yaml'),
      'retention:\n  maxAge: 30d\n  keepPerWorkflow: 1000\n  interval: 15m\n',
    );
    const file = loadConfig({ env: {}, cwd });
    expect(
      file.ok && [
        file.value.retentionMaxAgeMs,
        file.value.retentionKeepPerWorkflow,
        file.value.retentionIntervalMs,
      ],
    ).toEqual([30 * 86_400_000, 1000, 900_000]);
    const env = loadConfig({
      env: { WEFT_RETENTION_MAX_AGE: '12h' },
      flags: { 'retention-keep-per-workflow': '5' },
      cwd,
    });
    expect(env.ok && [env.value.retentionMaxAgeMs, env.value.retentionKeepPerWorkflow]).toEqual([
      12 * 3_600_000,
      5,
    ]);
  });

  it('names a bad retention setting as it is written in weft.yaml', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'weft.yaml'), 'retention:\n  maxAge: soon\n');
    const bad = loadConfig({ env: {}, cwd });
    expect(!bad.ok && bad.error.message).toBe(
      'bad setting "retention.maxAge" in weft.yaml: "soon" is not a duration like 30d or 12h (at least 1m)',
    );
    writeFileSync(join(cwd, 'weft.yaml'), 'retention:\n  maxRuns: 5\n');
    const unknown = loadConfig({ env: {}, cwd });
    expect(!unknown.ok && unknown.error.message).toMatch(
      /unknown setting "retention\.maxRuns" \(known: retention\.maxAge, retention\.keepPerWorkflow, retention\.interval\)/,
    );
    writeFileSync(join(cwd, 'weft.yaml'), 'retention: 30d\n');
    const flat = loadConfig({ env: {}, cwd });
    expect(!flat.ok && flat.error.message).toMatch(/"retention" must be a mapping/);
    const zero = loadConfig({ env: { WEFT_RETENTION_KEEP_PER_WORKFLOW: '0' }, cwd: dir() });
    expect(!zero.ok && zero.error.message).toBe(
      'bad setting WEFT_RETENTION_KEEP_PER_WORKFLOW: "0" is not an integer 1-100000000',
    );
  });
});
