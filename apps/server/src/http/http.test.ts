import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELLO, startHarness, type Harness } from '../testing/harness';

describe('health, readiness, metrics and the studio (not built)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { WEFT_STUDIO_DIR: join(tmpdir(), 'weft-no-studio-here') } });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('/healthz answers ok and /readyz checks the database', async () => {
    expect(await (await h.request('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await h.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', db: 'sqlite' });
  });

  it('/metrics gives runs by status, queue depth, active runs, step durations and webhook outcomes', async () => {
    const c = h.client();
    await c.workflows.save.mutate({
      yaml: HELLO.replace('steps:', 'triggers:\n  - webhook: { path: go }\nsteps:'),
    });
    const res = await h.request('/hooks/hello/go', { method: 'POST' });
    const { runId } = (await res.json()) as { runId: string };
    await h.waitForStatus(runId, ['SUCCESS']);
    await h.request('/hooks/hello/nowhere', { method: 'POST' });
    const text = await (await h.request('/metrics')).text();
    expect(text).toMatch(/^weft_runs\{status="SUCCESS"\} 1$/m);
    expect(text).toMatch(/^weft_queue_depth 0$/m);
    expect(text).toMatch(/^weft_active_runs 0$/m);
    expect(text).toMatch(/^weft_webhook_requests_total\{outcome="accepted"\} 1$/m);
    expect(text).toMatch(/^weft_webhook_requests_total\{outcome="not_found"\} 1$/m);
    expect(text).toMatch(/^weft_runs_started_total\{trigger="webhook"\} 1$/m);
    expect(text).toContain('# TYPE weft_step_duration_seconds histogram');
    // Counts go on adding up across scrapes (they are handed to the counter at each scrape).
    await h.request('/hooks/hello/nowhere', { method: 'POST' });
    const again = await (await h.request('/metrics')).text();
    expect(again).toMatch(/^weft_webhook_requests_total\{outcome="accepted"\} 1$/m);
    expect(again).toMatch(/^weft_webhook_requests_total\{outcome="not_found"\} 2$/m);
  });

  it('without a built studio, / explains how to build it', async () => {
    const res = await h.request('/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('pnpm build');
  });

  it('unknown API paths are 404 JSON, not the studio', async () => {
    const res = await h.request('/api/nothing');
    expect(res.status).toBe(404);
  });

  it('/readyz is 503 once the server stops', async () => {
    const other = await startHarness();
    await other.stop();
    expect((await other.request('/readyz')).status).toBe(503);
  });
});

const BIG = `export const words = ${JSON.stringify(Array.from({ length: 2000 }, (_, i) => `word${i % 50}`))};\n`;

describe('the studio (built)', () => {
  let h: Harness;
  beforeAll(async () => {
    const dist = mkdtempSync(join(tmpdir(), 'weft-studio-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dist, 'assets', 'big-abc123.js'), BIG);
    h = await startHarness({ env: { WEFT_STUDIO_DIR: dist } });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('serves files, falls back to index.html for client routes, and never leaves the folder', async () => {
    const js = await h.request('/assets/app.js');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await js.text()).toBe('console.log(1)');
    expect(await (await h.request('/workflows/hello/runs')).text()).toContain('id="root"');
    expect((await h.request('/assets/missing.js')).status).toBe(404);
    const escape = await h.request('/..%2f..%2fetc%2fpasswd');
    expect(await escape.text()).not.toContain('root:');
  });

  it('sends hashed assets compressed (brotli, else gzip) with a year of caching; index.html revalidates', async () => {
    const br = await h.request('/assets/big-abc123.js', {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(br.headers.get('vary')).toMatch(/accept-encoding/i);
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(brBytes.length).toBeLessThan(BIG.length / 5);
    expect(brotliDecompressSync(brBytes).toString()).toBe(BIG);
    const gz = await h.request('/assets/big-abc123.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(BIG);
    const plain = await h.request('/assets/big-abc123.js', { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(BIG);
    expect((await h.request('/')).headers.get('cache-control')).toBe('no-cache');
  });
});
