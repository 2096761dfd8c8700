import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testCatalog } from './__fixtures__/test-catalog';
import { parseWorkflow } from './validate';

const HEAD = 'apiVersion: weft/v1\nkind: Workflow\nid: t\n';

/** `line:col CODE` of every diagnostic. */
function codes(text: string): string[] {
  return parseWorkflow(text, { catalog: testCatalog }).diagnostics.map(
    (d) => `${d.line}:${d.column} ${d.code}`,
  );
}

function only(text: string): { code: string; at: string; message: string } {
  const r = parseWorkflow(text, { catalog: testCatalog });
  expect(r.diagnostics).toHaveLength(1);
  const d = r.diagnostics[0]!;
  return { code: d.code, at: `${d.line}:${d.column}`, message: d.message };
}

describe('valid workflows', () => {
  const dir = join(import.meta.dirname, '__fixtures__/valid');
  for (const f of readdirSync(dir)) {
    it(`${f} validates with no diagnostics`, () => {
      const r = parseWorkflow(readFileSync(join(dir, f), 'utf8'), { catalog: testCatalog });
      expect(r.diagnostics).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.workflow?.steps.length).toBeGreaterThan(0);
    });
  }
});

describe('the model', () => {
  const text = readFileSync(join(import.meta.dirname, '__fixtures__/valid/builtins.yaml'), 'utf8');
  const wf = parseWorkflow(text, { catalog: testCatalog }).workflow!;

  it('applies defaults and normalises durations to ms', () => {
    expect(wf.enabled).toBe(true);
    expect(wf.failFast).toBe(true);
    const each = wf.steps.find((s) => s.id === 'each')!;
    expect(each.join).toBe('all');
    expect(each.onError).toBe('fail');
    expect(each.retry).toEqual({ attempts: 3, backoff: 'linear', delayMs: 500, jitter: false });
    expect(wf.steps.find((s) => s.id === 'ask')!.timeoutMs).toBe(86_400_000);
    expect(wf.steps.find((s) => s.id === 'poll')!.repeat).toEqual({
      until: 'output = null',
      max: 5,
      delayMs: 90_000,
    });
    expect(wf.triggers[0]).toEqual({ type: 'interval', intervalMs: 900_000 });
  });

  it('stores expressions as JSONata source without ${{ }}', () => {
    expect(wf.steps.find((s) => s.id === 'each')!.foreach).toBe('inputs.items');
    expect(wf.steps.find((s) => s.id === 'child')!.if).toBe('steps.done.output.lines > 0');
  });

  it('reads needs with ports and a webhook with a secret but no signature as hmac-sha256', () => {
    expect(wf.steps.find((s) => s.id === 'done')!.needs).toEqual([
      { step: 'ask', port: 'approved' },
      { step: 'each' },
    ]);
    expect(wf.triggers[1]).toEqual({
      type: 'webhook',
      path: 'orders/new',
      method: 'POST',
      mode: 'sync',
      secret: '${{ secrets.ORDER_HOOK }}',
      signature: 'hmac-sha256',
    });
  });

  it('keeps x- keys in the text and accepts them anywhere', () => {
    const r = parseWorkflow(
      `${HEAD}x-top: 1\ntriggers:\n  - interval: 5m\n    x-note: hi\nsteps:\n  - id: a\n    uses: fail\n    x-ui: { color: red }\n    with: { message: m }\n`,
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.document.toString()).toContain('x-ui: { color: red }');
    expect(r.document.yaml.getIn(['steps', 0, 'x-ui', 'color'])).toBe('red');
  });
});

describe('each diagnostic code, at its exact position', () => {
  it('E_YAML for a syntax error', () => {
    expect(codes(`${HEAD}steps: [\n`)[0]).toMatch(/^\d+:\d+ E_YAML$/);
    expect(only(`${HEAD}steps:\n  - id: a\n    uses: "fail\n`).code).toBe('E_YAML');
  });

  it('E_YAML for a duplicate key, at the second key', () => {
    const d = parseWorkflow(
      `${HEAD}steps:\n  - id: a\n    uses: fail\n    uses: if\n    with: { message: m }\n`,
    ).diagnostics;
    expect(d.map((x) => `${x.line}:${x.column} ${x.code} ${x.message}`)).toContain(
      "7:5 E_YAML duplicate key 'uses'",
    );
  });

  it('E_YAML for a second document, a non-core tag, an alias loop', () => {
    expect(codes(`${HEAD}steps: []\n---\na: 1\n`)).toContain('5:1 E_YAML');
    expect(
      codes(`${HEAD}name: !secret x\nsteps:\n  - { id: a, uses: fail, with: { message: m } }\n`),
    ).toEqual(['4:7 E_YAML']);
    expect(
      codes(`${HEAD}vars: &v\n  self: *v\nsteps:\n  - { id: a, uses: fail, with: { message: m } }\n`),
    ).toEqual(['5:9 E_YAML']);
  });

  it('E_SCHEMA for an unknown key, at the key', () => {
    expect(
      only(`${HEAD}steps:\n  - id: a\n    uses: fail\n    with: { message: m }\n    retries: 3\n`),
    ).toEqual({
      code: 'E_SCHEMA',
      at: '8:5',
      message:
        "unknown key 'retries' in step 'a'; allowed: id, name, description, uses, with, needs, join, if, foreach, concurrency, repeat, retry, timeout, onError, permissions (custom keys must start with x-)",
    });
  });

  it('E_SCHEMA for a value of the wrong shape, at the value', () => {
    expect(
      only(`${HEAD}steps:\n  - id: a\n    uses: fail\n    with: { message: m }\n    timeout: soon\n`),
    ).toMatchObject({ code: 'E_SCHEMA', at: '8:14' });
    expect(
      only(
        `${HEAD}steps:\n  - id: a\n    uses: fail\n    with: { message: m }\n    retry: { attempts: 0 }\n`,
      ),
    ).toMatchObject({
      code: 'E_SCHEMA',
      at: '8:24',
      message: "step 'a': retry.attempts must be at least 1, not 0",
    });
    expect(only(`${HEAD}steps: []\n`)).toMatchObject({
      code: 'E_SCHEMA',
      at: '4:8',
      message: 'steps must have at least 1 item',
    });
    expect(
      only('apiVersion: weft/v1\nkind: Workflow\nsteps:\n  - { id: a, uses: fail, with: { message: m } }\n'),
    ).toMatchObject({
      code: 'E_SCHEMA',
      at: '1:1',
      message: "the workflow is missing the required key 'id'",
    });
  });

  it('E_SCHEMA for bad triggers: cron fields, time zone, webhook shape, interval', () => {
    const text = `${HEAD}triggers:\n  - cron: "0 8 * *"\n  - cron: "0 0 8 * * 1-5"\n    timezone: Europe/Nowhere\n  - webhook: { path: /a/b, method: FETCH }\n  - interval: often\nsteps:\n  - { id: a, uses: fail, with: { message: m } }\n`;
    expect(codes(text)).toEqual(['5:11 E_SCHEMA', '7:15 E_SCHEMA', '8:36 E_SCHEMA', '9:15 E_SCHEMA']);
  });

  it('E_SCHEMA for input specs whose default does not fit the type', () => {
    expect(
      only(
        `${HEAD}inputs:\n  n: { type: integer, default: 1.5 }\nsteps:\n  - { id: a, uses: fail, with: { message: m } }\n`,
      ),
    ).toMatchObject({ code: 'E_SCHEMA', at: '5:32' });
    expect(
      only(`${HEAD}inputs:\n  n: { type: text }\nsteps:\n  - { id: a, uses: fail, with: { message: m } }\n`),
    ).toMatchObject({ code: 'E_SCHEMA', at: '5:14' });
  });

  it('E_VERSION for a wrong apiVersion or kind, or none', () => {
    expect(
      only(
        'apiVersion: weft/v2\nkind: Workflow\nid: t\nsteps:\n  - { id: a, uses: fail, with: { message: m } }\n',
      ),
    ).toMatchObject({ code: 'E_VERSION', at: '1:13' });
    expect(
      only(
        'apiVersion: weft/v1\nkind: Job\nid: t\nsteps:\n  - { id: a, uses: fail, with: { message: m } }\n',
      ),
    ).toMatchObject({ code: 'E_VERSION', at: '2:7' });
    expect(
      only('kind: Workflow\nid: t\nsteps:\n  - { id: a, uses: fail, with: { message: m } }\n'),
    ).toMatchObject({ code: 'E_VERSION', at: '1:1' });
  });

  it('E_DUPLICATE_ID at the second id', () => {
    expect(
      only(
        `${HEAD}steps:\n  - { id: a, uses: fail, with: { message: m } }\n  - id: a\n    uses: fail\n    with: { message: m }\n`,
      ),
    ).toEqual({
      code: 'E_DUPLICATE_ID',
      at: '6:9',
      message: "step id 'a' is already used by the step on line 5",
    });
  });

  it('E_UNKNOWN_NEED at the exact needs item', () => {
    expect(
      only(
        `${HEAD}steps:\n  - { id: fetch, uses: fail, with: { message: m } }\n  - id: b\n    uses: fail\n    needs: [fetch, fecth]\n    with: { message: m }\n`,
      ),
    ).toEqual({
      code: 'E_UNKNOWN_NEED',
      at: '8:20',
      message: "step 'b' needs 'fecth', which is not a step of this workflow; did you mean 'fetch'?",
    });
  });

  it('E_CYCLE naming the steps on the cycle', () => {
    const text = `${HEAD}steps:\n  - id: a\n    uses: fail\n    needs: [c]\n    with: { message: m }\n  - id: b\n    uses: fail\n    needs: [a]\n    with: { message: m }\n  - id: c\n    uses: fail\n    needs:\n      - b\n    with: { message: m }\n`;
    expect(only(text)).toEqual({ code: 'E_CYCLE', at: '7:13', message: 'steps a → c → b → a form a cycle' });
  });

  it('E_UNKNOWN_BLOCK at uses, for unknown names, missing versions and unknown majors', () => {
    expect(only(`${HEAD}steps:\n  - id: a\n    uses: htp@1\n`)).toMatchObject({
      code: 'E_UNKNOWN_BLOCK',
      at: '6:11',
      message: "step 'a' uses 'htp@1', which is not in the block catalog; did you mean 'http@1'?",
    });
    expect(only(`${HEAD}steps:\n  - id: a\n    uses: http\n`)).toMatchObject({
      code: 'E_UNKNOWN_BLOCK',
      message: "step 'a': 'http' is not a built-in; a block needs a version, e.g. http@1",
    });
    expect(only(`${HEAD}steps:\n  - id: a\n    uses: http@3\n`)).toMatchObject({ code: 'E_UNKNOWN_BLOCK' });
    expect(only(`${HEAD}steps:\n  - id: a\n    uses: http@1.9.9\n`)).toMatchObject({
      code: 'E_UNKNOWN_BLOCK',
    });
  });

  it('E_UNKNOWN_BLOCK for blocks when no catalog is given (built-ins only)', () => {
    const r = parseWorkflow(`${HEAD}steps:\n  - id: a\n    uses: http@1\n    with: { url: x }\n`);
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(['6:11 E_UNKNOWN_BLOCK']);
  });

  it('E_UNKNOWN_PORT at the needs item', () => {
    const text = `${HEAD}steps:\n  - id: check\n    uses: if\n    with: { condition: "true" }\n  - id: b\n    uses: fail\n    needs: [check.yes]\n    with: { message: m }\n  - id: c\n    uses: fail\n    needs: [b.then]\n    with: { message: m }\n`;
    const d = parseWorkflow(text, { catalog: testCatalog }).diagnostics;
    expect(d.map((x) => `${x.line}:${x.column} ${x.code} ${x.message}`)).toEqual([
      "10:13 E_UNKNOWN_PORT step 'b' needs port 'yes' of 'check', which if does not have; its ports are then, else",
      "14:13 E_UNKNOWN_PORT step 'c' needs port 'then' of 'b', but fail has no ports; write 'b'",
    ]);
  });

  it('switch ports come from its cases plus default', () => {
    const sw = `${HEAD}steps:\n  - id: s\n    uses: switch\n    with: { value: x, cases: [a, 2] }\n  - id: b\n    uses: fail\n    needs: [s.a, s.2, s.default, s.c]\n    with: { message: m }\n`;
    expect(codes(sw)).toEqual(['10:34 E_UNKNOWN_PORT']);
  });

  it('E_CONFLICT for foreach with repeat and concurrency without foreach', () => {
    const text = `${HEAD}steps:\n  - id: a\n    uses: fail\n    foreach: "[1]"\n    repeat: { until: "true", max: 2 }\n    with: { message: m }\n  - id: b\n    uses: fail\n    concurrency: 2\n    with: { message: m }\n`;
    expect(codes(text)).toEqual(['8:5 E_CONFLICT', '12:5 E_CONFLICT']);
  });

  it('E_CONFLICT when a step widens the workflow network permissions', () => {
    const text = `${HEAD}permissions: { network: ["*.example.com"] }\nsteps:\n  - id: a\n    uses: fail\n    permissions: { network: [api.example.com, evil.org] }\n    with: { message: m }\n`;
    expect(codes(text)).toEqual(['8:47 E_CONFLICT']);
  });

  it('E_CONFLICT when a step names an SQL connection the workflow does not', () => {
    const text = `${HEAD}permissions: { sql: [reports] }\nsteps:\n  - id: a\n    uses: fail\n    permissions: { sql: [reports, billing] }\n    with: { message: m }\n`;
    const d = parseWorkflow(text, { catalog: testCatalog }).diagnostics;
    expect(d.map((x) => `${x.line}:${x.column} ${x.code} ${x.message}`)).toEqual([
      "8:35 E_CONFLICT step 'a': permissions.sql names the connection 'billing', which the workflow's permissions do not; a step may only narrow them",
    ]);
    const model = parseWorkflow(text.replace(', billing', ''), { catalog: testCatalog });
    expect(model.workflow?.permissions).toEqual({ network: [], sql: ['reports'] });
  });

  it('E_INVALID_INPUT for static inputs the block schema forbids, ignoring ${{ }} parts', () => {
    const text = `${HEAD}steps:\n  - id: a\n    uses: http@1\n    with:\n      url: 42\n      method: FETCH\n      timeoutMs: \${{ inputs.t }}\n      verbose: true\n  - id: b\n    uses: http@1\n    with: { method: GET }\n  - id: c\n    uses: http@1\n    with: { url: "\${{ inputs.u }}", headers: { a: "\${{ inputs.h }}" } }\n`;
    const d = parseWorkflow(text, { catalog: testCatalog }).diagnostics;
    expect(d.map((x) => `${x.line}:${x.column} ${x.code} ${x.message}`)).toEqual([
      "8:12 E_INVALID_INPUT step 'a': input 'url' must be string",
      '9:15 E_INVALID_INPUT step \'a\': input \'method\' must be one of "GET", "POST", "PUT", "PATCH", "DELETE"',
      "11:7 E_INVALID_INPUT step 'a': http@1 has no input 'verbose'",
      "14:11 E_INVALID_INPUT step 'b': http@1 needs the input 'url'",
    ]);
  });

  it('E_INVALID_INPUT for built-ins: a missing required input, wait with both forms', () => {
    const text = `${HEAD}steps:\n  - id: a\n    uses: approval\n  - id: w\n    uses: wait\n    with: { duration: 5s, until: "2030-01-01T00:00:00Z" }\n`;
    expect(codes(text)).toEqual(['6:11 E_INVALID_INPUT', '9:11 E_INVALID_INPUT']);
  });

  it('reports every problem of a file at once, sorted by position', () => {
    const text = `apiVersion: weft/v9\nkind: Workflow\nid: BAD\nsteps:\n  - id: a\n    uses: nope@1\n    needs: [zz]\n  - id: a\n    uses: fail\n    with: { message: "\${{ 1 + }}" }\n`;
    expect(codes(text)).toEqual([
      '1:13 E_VERSION',
      '3:5 E_SCHEMA',
      '6:11 E_UNKNOWN_BLOCK',
      '7:13 E_UNKNOWN_NEED',
      '8:9 E_DUPLICATE_ID',
      '10:30 E_EXPRESSION',
    ]);
  });
});
