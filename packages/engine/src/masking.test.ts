/** Regression tests of issue 9 item 6: secrets never reach storage, whatever shape they take. */
import { describe, expect, it } from 'vitest';
import { SecretMask } from './masking';
import type { RunId } from './ports';
import type { Harness } from './testing/helpers';
import { harness, step, tf, workflow } from './testing/helpers';

const SECRET = 'pa"ss\nword-7f3c';
const secrets = (values: Record<string, string>) => ({ get: async (n: string) => values[n] });

/** Everything the store keeps about a run, as one text. */
async function stored(h: Harness, id: RunId): Promise<string> {
  const events = await h.store.listEvents(id, 0, 10_000);
  const steps = await h.store.getSteps(id);
  const run = await h.store.getRun(id);
  return JSON.stringify({ events, steps, run });
}

describe('issue 9 item 6: secret masking covers keys, escaped and encoded forms, derived values', () => {
  it('a secret used as an object key is masked in outputs and events', async () => {
    const h = harness({ secrets: secrets({ TOKEN: 'tok-key-123' }) });
    h.runner.on('keys@1', (c) => ({ ok: true, output: { [String(c.with.t)]: 1, other: 2 } }));
    const w = workflow([
      step('k', 'keys@1', { with: { t: '${{ secrets.TOKEN }}' } }),
      tf('m', '{ secrets.TOKEN: "v", "plain": 1 }'),
    ]);
    const id = await h.start(w);
    expect((await h.engine.waitForRun(id)).status).toBe('SUCCESS');
    const text = await stored(h, id);
    expect(text).not.toContain('tok-key-123');
    const o = await h.outcome(id);
    expect(o.steps.k?.output).toEqual({ '***': 1, other: 2 });
    expect(o.steps.m?.output).toEqual({ '***': 'v', plain: 1 });
  });

  it('a secret with a quote and a newline, logged as JSON, is masked in its escaped form', async () => {
    const h = harness({ secrets: secrets({ PEM: SECRET }) });
    h.runner.on('log@1', (c) => {
      c.log('info', JSON.stringify({ credentials: c.with.key }));
      c.log('info', JSON.stringify(JSON.stringify({ nested: c.with.key })));
      c.log('info', `url: https://x.example/?k=${encodeURIComponent(String(c.with.key))}`);
      return { ok: true, output: { json: JSON.stringify({ k: c.with.key }) } };
    });
    const id = await h.start(workflow([step('l', 'log@1', { with: { key: '${{ secrets.PEM }}' } })]));
    expect((await h.engine.waitForRun(id)).status).toBe('SUCCESS');
    const text = await stored(h, id);
    expect(text).not.toContain('word-7f3c');
    expect(text).toContain('***');
  });

  it('base64 of a secret, alone or after other bytes (Basic auth), is masked', async () => {
    const h = harness({ secrets: secrets({ PASS: 'correct-horse-battery' }) });
    h.runner.on('enc@1', (c) => {
      const p = String(c.with.p);
      return {
        ok: true,
        output: [0, 1, 2]
          .map((n) => Buffer.from(`${'u'.repeat(n)}ser:${p}`).toString('base64'))
          .concat(Buffer.from(p).toString('base64'), Buffer.from(p).toString('base64url')),
      };
    });
    const id = await h.start(workflow([step('e', 'enc@1', { with: { p: '${{ secrets.PASS }}' } })]));
    expect((await h.engine.waitForRun(id)).status).toBe('SUCCESS');
    const out = (await h.outcome(id)).steps.e?.output as string[];
    const core = (s: string) => Buffer.from(s).toString('base64').slice(4, 20);
    for (const s of out) expect(s).toContain('***');
    expect(await stored(h, id)).not.toContain(core('correct-horse-battery'));
  });

  it('values derived from a secret ($base64encode, $substring, concatenation) are secret too', async () => {
    const h = harness({ secrets: secrets({ KEY: 'sk-live-abcdef123456' }) });
    h.runner.on('echo@1', (c) => ({ ok: true, output: c.with }));
    const id = await h.start(
      workflow([
        tf('b64', '$base64encode(secrets.KEY)'),
        tf('sub', '$substring(secrets.KEY, 8, 8)'),
        tf('upper', '$uppercase(steps.sub.output)', { needs: ['sub'] }),
        step('e', 'echo@1', {
          needs: ['b64', 'upper'],
          with: {
            a: '${{ $substring(secrets.KEY, 3, 9) }}',
            b: '${{ steps.b64.output }}',
            c: '${{ steps.upper.output }}',
            d: 'plain text stays',
          },
        }),
      ]),
    );
    expect((await h.engine.waitForRun(id)).status).toBe('SUCCESS');
    const text = await stored(h, id);
    const key = 'sk-live-abcdef123456';
    for (const leak of [Buffer.from(key).toString('base64'), 'abcdef12', 'ABCDEF12', 'live-abcd'])
      expect(text).not.toContain(leak);
    // The block got the real values; only what is stored is masked.
    expect(h.runner.calls[0]?.with).toEqual({
      a: 'live-abcd',
      b: Buffer.from(key).toString('base64'),
      c: 'ABCDEF12',
      d: 'plain text stays',
    });
    expect((await h.outcome(id)).steps.e?.output).toEqual({
      a: '***',
      b: '***',
      c: '***',
      d: 'plain text stays',
    });
  });

  it('a one-letter secret masks nothing (a warning says so) and does not shred output', async () => {
    const h = harness({ secrets: secrets({ T: 'e' }) });
    h.runner.on('echo@1', (c) => ({ ok: true, output: `the secret is ${String(c.with.t)}; hello there` }));
    const id = await h.start(workflow([step('s', 'echo@1', { with: { t: '${{ secrets.T }}' } })]));
    expect((await h.engine.waitForRun(id)).status).toBe('SUCCESS');
    expect((await h.outcome(id)).steps.s?.output).toBe('the secret is e; hello there');
    const events = await h.store.listEvents(id, 0, 100);
    expect(
      events.some((e) => e.type === 'step.log' && String(e.data.message).includes('"T" is shorter')),
    ).toBe(true);
    expect(h.logs.some((l) => l.includes('secret "T" is shorter than 4 characters'))).toBe(true);
  });

  it('masking masked text again never grows it (a `*` secret made runs hang)', () => {
    for (const secret of ['*', '**', '***', '****', '*****x', 'a***']) {
      const m = new SecretMask();
      m.add(secret);
      m.add('other-secret');
      let s = `step "x" failed: ${secret} then *** and other-secret **`;
      for (let i = 0; i < 30; i++) {
        const next = m.text(s);
        expect(next.length).toBeLessThanOrEqual(s.length);
        s = next;
      }
      expect(s.length).toBeLessThan(60);
    }
  });

  it('a run with failing retries and a child run under a `*` secret ends, its errors readable', async () => {
    const h = harness({ secrets: secrets({ STAR: '*' }) });
    h.runner.on('boom@1', (c) => ({
      ok: false,
      error: { code: 'HTTP_ERROR', message: `cannot resolve host *.example.com (${String(c.with.k)})` },
    }));
    const child = workflow([step('c', 'boom@1', { with: { k: '${{ secrets.STAR }}' } })], { id: 'child' });
    h.library.add(child);
    const parent = workflow(
      [
        step('x', 'boom@1', {
          with: { k: '${{ secrets.STAR }}' },
          retry: { attempts: 6, backoff: 'fixed', delayMs: 1, jitter: false },
        }),
        step('w', 'workflow', { with: { id: 'child' } }),
      ],
      { id: 'parent' },
    );
    const id = await h.start(parent);
    await h.clock.advanceAsync(1_000);
    const run = await h.engine.waitForRun(id);
    expect(run.status).toBe('FAILED');
    expect(run.error?.message.length).toBeLessThan(200);
    expect(await stored(h, id)).toContain('cannot resolve host *.example.com (*)');
  });
});
