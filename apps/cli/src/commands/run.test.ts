import { join } from 'node:path';
import { openStore } from '@weft/store';
import { describe, expect, it } from 'vitest';
import { tempFiles, weft } from '../testing/helpers';

const head = (id: string): string => `apiVersion: weft/v1\nkind: Workflow\nid: ${id}\n`;

interface JsonRun {
  runId: string;
  status: string;
  outputs: Record<string, unknown> | null;
  steps: Record<
    string,
    { status: string; attempts: number; output: unknown; error: { code: string; message: string } | null }
  >;
}

const hello = `${head('hello')}inputs:
  name: { type: string, required: true }
  times: { type: integer, default: 2 }
  flags: { type: object, default: {} }
steps:
  - id: greet
    uses: transform
    with: { expression: "'hello ' & inputs.name" }
  - id: repeat
    uses: code
    needs: [greet]
    with:
      source: "export default ({ text, n }) => Array.from({ length: n }, () => text)"
      input: { text: "\${{ steps.greet.output }}", n: "\${{ inputs.times }}" }
outputs:
  lines: "\${{ steps.repeat.output }}"
  flags: "\${{ inputs.flags }}"
`;

describe('weft run', () => {
  it('runs a workflow locally and prints the --json result shape', async () => {
    const dir = tempFiles({ 'hello.yaml': hello, 'inputs.json': '{"name": "file", "flags": {"x": true}}' });
    const r = await weft([
      'run',
      join(dir, 'hello.yaml'),
      '--input-file',
      join(dir, 'inputs.json'),
      '--input',
      'name=Ada',
      '--input',
      'times=3',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as JsonRun;
    expect(out.status).toBe('SUCCESS');
    expect(out.outputs).toEqual({ lines: ['hello Ada', 'hello Ada', 'hello Ada'], flags: { x: true } });
    expect(out.steps.greet).toEqual({ status: 'SUCCESS', attempts: 1, output: 'hello Ada', error: null });
    expect(out.steps.repeat?.status).toBe('SUCCESS');
    expect(out.runId).toMatch(/\S+/);
  });

  it('prints a line per step and the outputs without --json', async () => {
    const dir = tempFiles({ 'hello.yaml': hello });
    const r = await weft(['run', join(dir, 'hello.yaml'), '--input', 'name=Bo']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ greet\s+SUCCESS\s+\d+ms/);
    expect(r.stdout).toMatch(/✓ repeat\s+SUCCESS/);
    expect(r.stdout).toMatch(/run \S+ SUCCESS/);
    expect(r.stdout).toContain('"hello Bo"');
  });

  it('exits 1 when the run fails, with the step error in --json', async () => {
    const dir = tempFiles({
      'f.yaml': `${head('f')}steps:\n  - id: boom\n    uses: fail\n    with: { message: "no luck", code: HTTP_ERROR }\n  - id: after\n    uses: transform\n    needs: [boom]\n    with: { expression: "1" }\n`,
    });
    const r = await weft(['run', join(dir, 'f.yaml'), '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as JsonRun;
    expect(out.status).toBe('FAILED');
    expect(out.steps.boom?.error).toEqual({ code: 'HTTP_ERROR', message: 'no luck' });
    expect(out.steps.after?.status).toBe('CANCELLED');
  });

  it('rejects bad inputs with exit 2 naming the input, and creates no run', async () => {
    const dir = tempFiles({ 'hello.yaml': hello });
    const db = `sqlite:${join(dir, 'runs.db')}`;
    const missing = await weft(['run', join(dir, 'hello.yaml'), '--db', db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("input 'name' is required");
    const typed = await weft([
      'run',
      join(dir, 'hello.yaml'),
      '--input',
      'name=x',
      '--input',
      'times=many',
      '--db',
      db,
    ]);
    expect(typed.code).toBe(2);
    expect(typed.stderr).toContain("input 'times' must be an integer");
    const unknown = await weft([
      'run',
      join(dir, 'hello.yaml'),
      '--input',
      'name=x',
      '--input',
      'colour=red',
      '--db',
      db,
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown input 'colour'");
    const malformed = await weft(['run', join(dir, 'hello.yaml'), '--input', 'name', '--db', db]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('must look like name=value');
    const store = await openStore(db);
    try {
      expect((await store.repos.runs.list({})).runs).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('exits 3 with diagnostics for an invalid workflow', async () => {
    const dir = tempFiles({
      'bad.yaml': `${head('bad')}steps:\n  - id: a\n    uses: transform\n    needs: [ghost]\n    with: { expression: "1" }\n`,
    });
    const r = await weft(['run', join(dir, 'bad.yaml')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/bad\.yaml:7:13: error E_UNKNOWN_NEED/);
  });

  it('runs a child workflow from a file beside the main one', async () => {
    const dir = tempFiles({
      'parent.yaml': `${head('parent')}steps:\n  - id: child\n    uses: workflow\n    with: { id: adder, inputs: { a: 2, b: 40 } }\noutputs:\n  sum: "\${{ steps.child.output.sum }}"\n`,
      'adder.yaml': `${head('adder')}inputs:\n  a: { type: number, required: true }\n  b: { type: number, required: true }\nsteps:\n  - id: add\n    uses: transform\n    with: { expression: "inputs.a + inputs.b" }\noutputs:\n  sum: "\${{ steps.add.output }}"\n`,
    });
    const r = await weft(['run', join(dir, 'parent.yaml'), '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as JsonRun).outputs).toEqual({ sum: 42 });
  });

  it('says which child workflow is missing', async () => {
    const dir = tempFiles({
      'parent.yaml': `${head('parent')}steps:\n  - id: child\n    uses: workflow\n    with: { id: nowhere }\n`,
    });
    const r = await weft(['run', join(dir, 'parent.yaml')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("runs workflow 'nowhere', but no file beside");
  });

  it('reads secrets from WEFT_SECRET_<NAME> and masks them in what it prints', async () => {
    const dir = tempFiles({
      's.yaml': `${head('s')}steps:\n  - id: use\n    uses: transform\n    with: { expression: "'token=' & secrets.API_TOKEN" }\noutputs:\n  shown: "\${{ steps.use.output }}"\n`,
    });
    const ok = await weft(['run', join(dir, 's.yaml'), '--json'], {
      env: { WEFT_SECRET_API_TOKEN: 's3cr3t-value' },
    });
    expect(ok.code).toBe(0);
    expect(ok.stdout).not.toContain('s3cr3t-value');
    expect(ok.stdout).toContain('token=***');
    const missing = await weft(['run', join(dir, 's.yaml'), '--json']);
    expect(missing.code).toBe(1);
    expect((JSON.parse(missing.stdout) as JsonRun).steps.use?.error?.code).toBe('SECRET_NOT_FOUND');
  });

  it('exits 2 for a malformed --db URL and 4 for an unreachable database', async () => {
    const dir = tempFiles({ 'hello.yaml': hello });
    const bad = await weft(['run', join(dir, 'hello.yaml'), '--input', 'name=x', '--db', 'mysql://nope']);
    expect(bad.code).toBe(2);
    const down = await weft([
      'run',
      join(dir, 'hello.yaml'),
      '--input',
      'name=x',
      '--db',
      'postgres://postgres@127.0.0.1:1/none',
    ]);
    expect(down.code).toBe(4);
    expect(down.stderr).toMatch(/weft run: .+/);
  });
});
