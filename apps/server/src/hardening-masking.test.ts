/**
 * Regression test of issue 9 item 6 end to end: a real server process (built CLI, SQLite file), a
 * secret shaped like a PEM key (quotes, newlines) used as an object key, logged as JSON and turned into
 * derived values — and then the database files themselves are searched for every form of it.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer, until, type ServerProcess } from './testing/process';

const SECRET = '-----BEGIN KEY-----\n"k3y-Zq81"\nAAAAB3NzaC1yc2EAAAADAQABAAABAQC7\n-----END KEY-----';

const YAML = `apiVersion: weft/v1
kind: Workflow
id: leaky
steps:
  - id: keyed
    uses: code
    with:
      input: "\${{ secrets.PEM }}"
      source: "export default (s) => { console.log(JSON.stringify({ pem: s })); return { [s]: 1, nested: { [s]: s } } }"
  - id: derived
    uses: transform
    with: { expression: "{ 'b64': $base64encode(secrets.PEM), 'sub': $substring(secrets.PEM, 31, 16) }" }
  - id: echo
    uses: code
    needs: [derived]
    with:
      input: "\${{ steps.derived.output }}"
      source: "export default (d) => { console.log('got ' + d.b64 + ' and ' + d.sub); return d }"
`;

const live: ServerProcess[] = [];
afterAll(async () => {
  for (const p of live) if (p.child.exitCode === null && p.child.signalCode === null) await p.kill9();
});

describe('issue 9 item 6: no form of a secret reaches the database file', () => {
  it('keys, JSON-escaped logs, $base64encode and $substring of a PEM-shaped secret are all masked', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'weft-mask-'));
    const s = await spawnServer({ cwd, flags: { poll: '200ms' }, timeoutMs: 60_000 });
    live.push(s);
    await s.client.secrets.set.mutate({ name: 'PEM', value: SECRET });
    await s.client.workflows.save.mutate({ yaml: YAML });
    const { runId } = await s.client.runs.start.mutate({ workflowId: 'leaky' });
    const done = await until('the run to end', async () => {
      const r = await s.client.runs.get.query({ runId });
      return ['SUCCESS', 'FAILED', 'CANCELLED'].includes(r.run.status) ? r : undefined;
    });
    expect(done.run.status).toBe('SUCCESS');
    const answers = JSON.stringify([done, await s.client.runs.events.query({ runId })]);
    expect(await s.term()).toBe(0);

    const forms = {
      raw: SECRET,
      json: JSON.stringify(SECRET).slice(1, -1),
      base64: Buffer.from(SECRET).toString('base64'),
      substring: SECRET.slice(31, 47),
      body: 'AAAAB3NzaC1yc2EAAAADAQABAAABAQC7',
    };
    const dir = join(cwd, '.weft');
    const files = readdirSync(dir).filter((f) => f.startsWith('weft.db'));
    expect(files.length).toBeGreaterThan(0);
    const db = Buffer.concat(files.map((f) => readFileSync(join(dir, f))));
    for (const [name, form] of Object.entries(forms)) {
      expect(answers.includes(form), `${name} in the API answers`).toBe(false);
      expect(db.includes(Buffer.from(form)), `${name} in the database file`).toBe(false);
    }
    expect(answers).toContain('***');
  });
});
