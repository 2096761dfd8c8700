/**
 * weft block pack | keys | install | list | remove | verify | lock against a data dir: every kind
 * of SOURCE (folder, .tgz, npm package from a local registry stand-in, https URL with a self-signed
 * certificate), immutable versions, tampering, signatures, and weft.lock with weft run.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBlock, initBlock } from '@weft/block-sdk';
import { bundleFromArchive, packBundle } from '@weft/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempFiles, weft } from '../testing/helpers';

let root = '';
let blockDir = '';
const servers: (http.Server | https.Server)[] = [];

/** The same module plus a custom section: valid WebAssembly, other bytes. */
function otherBytes(wasm: Buffer): Buffer {
  const name = Buffer.from('weft-test');
  const payload = Buffer.concat([Buffer.from([name.length]), name, Buffer.from('x')]);
  return Buffer.concat([wasm, Buffer.from([0, payload.length]), payload]);
}

const listen = <S extends http.Server | https.Server>(s: S): Promise<number> =>
  new Promise((res) => {
    servers.push(s);
    s.listen(0, '127.0.0.1', () => res((s.address() as AddressInfo).port));
  });

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'weft-block-reg-'));
  blockDir = join(root, 'greet-test');
  await initBlock('greet-test', blockDir);
  await buildBlock(blockDir);
}, 120_000);

afterAll(() => {
  for (const s of servers) s.close();
});

const dataDir = (): string => mkdtempSync(join(root, 'data-'));

describe('weft block install', () => {
  it('installs a folder after showing its capabilities, and refuses without confirmation', async () => {
    const d = dataDir();
    const no = await weft(['block', 'install', blockDir, '--data-dir', d]);
    expect(no.code).toBe(2);
    expect(no.stderr).toContain('network:  no');
    expect(no.stderr).toContain('memory:');
    expect(no.stderr).toContain('confirm with "y"');
    expect((await weft(['block', 'list', '--data-dir', d, '--json'])).stdout).not.toContain('greet-test');

    const yes = await weft(['block', 'install', blockDir, '--data-dir', d], { stdin: 'y\n' });
    expect(yes.stderr).toContain('greet-test@1.0.0');
    expect(yes.code).toBe(0);
    expect(yes.stdout).toContain('installed greet-test@1.0.0');
    const list = JSON.parse((await weft(['block', 'list', '--data-dir', d, '--json'])).stdout) as {
      blocks: { name: string; origin: string; sha256: string }[];
    };
    const entry = list.blocks.find((b) => b.name === 'greet-test');
    const wasm = readFileSync(join(blockDir, 'build', 'greet-test.wasm'));
    expect(entry).toMatchObject({
      origin: 'installed',
      sha256: createHash('sha256').update(wasm).digest('hex'),
    });
    expect(list.blocks.find((b) => b.name === 'http')?.origin).toBe('standard');

    const again = await weft(['block', 'install', blockDir, '--data-dir', d, '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already installed with the same bytes');

    const rm = await weft(['block', 'remove', 'greet-test', '--data-dir', d]);
    expect(rm.stdout).toContain('removed greet-test@1.0.0');
    expect((await weft(['block', 'remove', 'greet-test', '--data-dir', d])).code).toBe(2);
  });

  it('installs a packed .tgz and refuses the same version with other bytes', async () => {
    const d = dataDir();
    const pack = await weft(['block', 'pack', blockDir, '--out', join(root, 'g.tgz')]);
    expect(pack.code).toBe(0);
    expect(pack.stdout).toContain('unsigned');
    const ok = await weft(['block', 'install', join(root, 'g.tgz'), '--data-dir', d, '--yes']);
    expect(ok.code).toBe(0);

    const b = await bundleFromArchive(readFileSync(join(root, 'g.tgz')), 'g.tgz');
    if (!b.ok) throw new Error(b.message);
    const changed = { ...b.bundle, wasm: otherBytes(b.bundle.wasm), digest: undefined };
    changed.wasmSha256 = createHash('sha256').update(changed.wasm).digest('hex');
    writeFileSync(
      join(root, 'other.tgz'),
      await packBundle(changed, { ...b.bundle.digest!, wasmSha256: changed.wasmSha256 }),
    );
    const refused = await weft(['block', 'install', join(root, 'other.tgz'), '--data-dir', d, '--yes']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('greet-test@1.0.0 is already installed with other bytes');
    expect(refused.stderr).toContain('versions are immutable');
  });

  it('refuses a tampered wasm, naming the block and why', async () => {
    const d = dataDir();
    await weft(['block', 'pack', blockDir, '--out', join(root, 't.tgz')]);
    const b = await bundleFromArchive(readFileSync(join(root, 't.tgz')), 't.tgz');
    if (!b.ok) throw new Error(b.message);
    // The wasm is swapped; weft-block.json still records the original digest.
    writeFileSync(
      join(root, 'tampered.tgz'),
      await packBundle({ ...b.bundle, wasm: otherBytes(b.bundle.wasm) }, b.bundle.digest!),
    );
    const r = await weft(['block', 'install', join(root, 'tampered.tgz'), '--data-dir', d, '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /block greet-test@1\.0\.0 refused: tampered: build\/greet-test\.wasm has sha256 [0-9a-f]{64}, but the pack recorded/,
    );
  });

  it('requires signatures from trusted keys when asked to', async () => {
    const d = dataDir();
    const keys = mkdtempSync(join(root, 'keys-'));
    expect((await weft(['block', 'keys', 'generate', 'acme', '--out', keys])).code).toBe(0);
    expect((await weft(['block', 'pack', blockDir, '--out', join(root, 'u.tgz')])).code).toBe(0);
    const signed = await weft([
      'block',
      'pack',
      blockDir,
      '--sign',
      join(keys, 'acme.key'),
      '--out',
      join(root, 's.tgz'),
    ]);
    expect(signed.stdout).toContain('signed with ed25519 key');

    const unsigned = await weft([
      'block',
      'install',
      join(root, 'u.tgz'),
      '--data-dir',
      d,
      '--yes',
      '--require-signatures',
    ]);
    expect(unsigned.code).toBe(1);
    expect(unsigned.stderr).toContain(
      'block greet-test@1.0.0 refused: it is unsigned and this server requires signatures',
    );
    const untrusted = await weft([
      'block',
      'install',
      join(root, 's.tgz'),
      '--data-dir',
      d,
      '--yes',
      '--require-signatures',
    ]);
    expect(untrusted.stderr).toMatch(
      /refused: it is signed by key [0-9a-f]{16}, which is not in the trust store/,
    );

    expect((await weft(['block', 'keys', 'add', 'acme', join(keys, 'acme.pub'), '--data-dir', d])).code).toBe(
      0,
    );
    expect((await weft(['block', 'keys', 'list', '--data-dir', d])).stdout).toContain('acme');
    const ok = await weft([
      'block',
      'install',
      join(root, 's.tgz'),
      '--data-dir',
      d,
      '--yes',
      '--require-signatures',
    ]);
    expect(ok.stdout).toContain('installed greet-test@1.0.0');
    expect(ok.stdout).toContain('signed by acme');
    expect((await weft(['block', 'verify', '--data-dir', d, '--require-signatures'])).code).toBe(0);

    // A byte changed on disk after install: verify names the block and the reason.
    const wasm = join(d, 'blocks', 'greet-test@1.0.0', 'build', 'greet-test.wasm');
    chmodSync(wasm, 0o644);
    writeFileSync(wasm, otherBytes(readFileSync(wasm)));
    const v = await weft(['block', 'verify', '--data-dir', d]);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/FAIL {2}greet-test@1\.0\.0: block greet-test@1\.0\.0: tampered/);
    const listed = JSON.parse((await weft(['block', 'list', '--data-dir', d, '--json'])).stdout) as {
      blocks: { name: string }[];
    };
    expect(listed.blocks.map((b) => b.name)).not.toContain('greet-test');
  });

  it('installs an npm package from a registry and checks its integrity', async () => {
    const d = dataDir();
    await weft(['block', 'pack', blockDir, '--out', join(root, 'npm.tgz')]);
    const tgz = readFileSync(join(root, 'npm.tgz'));
    let integrity = `sha512-${createHash('sha512').update(tgz).digest('base64')}`;
    const port = await listen(
      http.createServer((req, res) => {
        if (req.url === '/@acme%2fgreet-test') {
          res.setHeader('content-type', 'application/json');
          res.end(
            JSON.stringify({
              name: '@acme/greet-test',
              'dist-tags': { latest: '1.0.0' },
              versions: {
                '1.0.0': { dist: { tarball: `http://127.0.0.1:${port}/t/greet-test-1.0.0.tgz`, integrity } },
              },
            }),
          );
        } else if (req.url === '/t/greet-test-1.0.0.tgz') res.end(tgz);
        else res.writeHead(404).end();
      }),
    );
    const registry = `http://127.0.0.1:${port}`;
    const r = await weft([
      'block',
      'install',
      '@acme/greet-test',
      '--registry',
      registry,
      '--data-dir',
      d,
      '--yes',
    ]);
    expect(r.stderr).toContain('from npm:@acme/greet-test@1.0.0');
    expect(r.code).toBe(0);
    integrity = 'sha512-AAAA';
    const bad = await weft(
      ['block', 'install', '@acme/greet-test@latest', '--data-dir', dataDir(), '--yes'],
      {
        env: { WEFT_NPM_REGISTRY: registry },
      },
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('npm package @acme/greet-test@1.0.0 refused');
    const missing = await weft([
      'block',
      'install',
      '@acme/greet-test@9.9.9',
      '--registry',
      registry,
      '--data-dir',
      d,
      '--yes',
    ]);
    expect(missing.stderr).toContain('has no version or tag "9.9.9"');
  });

  it('installs from an https URL whose certificate comes from WEFT_CA_FILE', async () => {
    const d = dataDir();
    const certDir = mkdtempSync(join(root, 'tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(certDir, 'key.pem'),
        '-out',
        join(certDir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    await weft(['block', 'pack', blockDir, '--out', join(root, 'web.tgz')]);
    const port = await listen(
      https.createServer(
        { key: readFileSync(join(certDir, 'key.pem')), cert: readFileSync(join(certDir, 'cert.pem')) },
        (req, res) =>
          req.url === '/b/greet.tgz'
            ? res.end(readFileSync(join(root, 'web.tgz')))
            : res.writeHead(404).end(),
      ),
    );
    const url = `https://127.0.0.1:${port}/b/greet.tgz`;
    const untrusted = await weft(['block', 'install', url, '--data-dir', d, '--yes']);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toContain('set WEFT_CA_FILE');
    const ok = await weft(['block', 'install', url, '--data-dir', d, '--yes'], {
      env: { WEFT_CA_FILE: join(certDir, 'cert.pem') },
    });
    expect(ok.stderr).toContain(`from ${url}`);
    expect(ok.code).toBe(0);
    expect(
      (await weft(['block', 'install', `http://127.0.0.1:${port}/x.tgz`, '--data-dir', d, '--yes'])).stderr,
    ).toContain('only https:// URLs');
  });
});

describe('weft.lock', () => {
  it('weft run refuses a block whose bytes differ from the lock', async () => {
    const dir = tempFiles({
      'up.yaml':
        'apiVersion: weft/v1\nkind: Workflow\nid: up\nsteps:\n  - id: u\n    uses: text@1\n    with: { op: upper, text: abc }\noutputs:\n  v: ${{ steps.u.output.value }}\n',
    });
    const d = dataDir();
    const lock = await weft(['block', 'lock', dir, '--data-dir', d]);
    expect(lock.code).toBe(0);
    expect(lock.stdout).toMatch(/text@1\.0\.0 {2}sha256 [0-9a-f]{64}/);
    const ok = await weft(['run', join(dir, 'up.yaml'), '--json']);
    expect(ok.code).toBe(0);

    const file = join(dir, 'weft.lock');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { blocks: Record<string, { sha256: string }> };
    doc.blocks['text@1.0.0'] = { sha256: '0'.repeat(64) };
    writeFileSync(file, JSON.stringify(doc));
    const bad = await weft(['run', join(dir, 'up.yaml')]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('weft run: weft.lock: block text@1.0.0 on this machine has sha256');
    expect(bad.stderr).toContain('its bytes differ from the locked ones');

    writeFileSync(file, JSON.stringify({ lockfileVersion: 1, blocks: { 'text@0.9.0': { sha256: 'x' } } }));
    expect((await weft(['run', join(dir, 'up.yaml')])).stderr).toContain('but the lock pins text@0.9.0');
  });
});
