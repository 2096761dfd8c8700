import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFiles, weft } from '../testing/helpers';

const valid = `apiVersion: weft/v1
kind: Workflow
id: hello
# the only step
steps:
  - id: greet
    uses: transform
    with: { expression: "'hello ' & inputs.name" }
inputs:
  name: { type: string, default: world }
`;

const invalid = `apiVersion: weft/v1
kind: Workflow
id: broken
steps:
  - id: a
    uses: transform
    with: { expression: "1" }
  - id: b
    uses: transform
    needs: [a, nope]
    with:
      expression: "steps.c.output"
`;

describe('weft validate', () => {
  it('accepts a valid file and exits 0', async () => {
    const dir = tempFiles({ 'ok.yaml': valid });
    const r = await weft(['validate', join(dir, 'ok.yaml')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 file valid');
    expect(r.stderr).toBe('');
  });

  it('prints every diagnostic as file:line:col: error CODE message and exits 3', async () => {
    const dir = tempFiles({ 'bad.yaml': invalid });
    const file = join(dir, 'bad.yaml');
    const r = await weft(['validate', file]);
    expect(r.code).toBe(3);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith(file));
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^${file}:10:16: error E_UNKNOWN_NEED .*'nope'`)),
      expect.stringMatching(new RegExp(`^${file}:12:\\d+: error E_UNKNOWN_STEP .*steps\\.c`)),
    ]);
  });

  it('--json prints one document with every file', async () => {
    const dir = tempFiles({ 'ok.yaml': valid, 'bad.yaml': invalid });
    const r = await weft(['validate', '--json', join(dir, 'ok.yaml'), join(dir, 'bad.yaml')]);
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout) as {
      valid: boolean;
      files: { valid: boolean; diagnostics: { code: string; line: number }[] }[];
    };
    expect(doc.valid).toBe(false);
    expect(doc.files.map((f) => f.valid)).toEqual([true, false]);
    expect(doc.files[1]?.diagnostics.map((d) => d.code)).toEqual(['E_UNKNOWN_NEED', 'E_UNKNOWN_STEP']);
  });

  it('reports a YAML syntax error with its position', async () => {
    const dir = tempFiles({ 'syntax.yaml': 'apiVersion: weft/v1\nkind: Workflow\nid: x\nsteps: [\n' });
    const r = await weft(['validate', join(dir, 'syntax.yaml')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/syntax\.yaml:\d+:\d+: error E_YAML /);
  });

  it('is a usage error without files, with a missing file, or with an unknown flag', async () => {
    expect((await weft(['validate'])).code).toBe(2);
    const missing = await weft(['validate', '/nonexistent/w.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read /nonexistent/w.yaml: no such file');
    const flag = await weft(['validate', '--frobnicate', 'x.yaml']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--frobnicate'");
  });
});

describe('weft fmt', () => {
  const messy =
    'apiVersion: weft/v1\nkind: Workflow\nid: hello   # keep me\nsteps:\n- id: a\n  uses: transform\n  with: {expression: "1"}\n';

  it('rewrites a file canonically, keeps comments, and a second run changes nothing', async () => {
    const dir = tempFiles({ 'w.yaml': messy });
    const file = join(dir, 'w.yaml');
    const first = await weft(['fmt', file]);
    expect(first.code).toBe(0);
    const once = readFileSync(file, 'utf8');
    expect(once).toContain('# keep me');
    expect(once).not.toBe(messy);
    const second = await weft(['fmt', file]);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toBe(once);
  });

  it('--check lists unformatted files, exits 1 and writes nothing', async () => {
    const dir = tempFiles({ 'w.yaml': messy });
    const file = join(dir, 'w.yaml');
    const r = await weft(['fmt', '--check', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${file}: not formatted`);
    expect(readFileSync(file, 'utf8')).toBe(messy);
  });

  it('exits 3 with positioned diagnostics when the file is not YAML', async () => {
    const dir = tempFiles({ 'bad.yaml': 'a: [1, 2\nb: }\n' });
    const r = await weft(['fmt', join(dir, 'bad.yaml')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+: error E_YAML/);
  });
});

describe('weft schema', () => {
  it('prints a JSON Schema that names the top-level keys', async () => {
    const r = await weft(['schema']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout) as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['apiVersion', 'kind', 'id', 'steps', 'triggers']),
    );
    expect(schema.required).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'id', 'steps']));
  });
});

describe('weft', () => {
  it('lists commands with --help and names an unknown command', async () => {
    const help = await weft(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/validate\s+check workflow files/);
    const unknown = await weft(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });

  it('has --help on every command', async () => {
    for (const c of ['validate', 'fmt', 'schema']) {
      const r = await weft([c, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: weft ${c}`);
    }
  });
});

describe('weft validate with the standard blocks', () => {
  const wf = (step: string): string => `apiVersion: weft/v1\nkind: Workflow\nid: blocks\nsteps:\n${step}`;

  it('accepts a workflow using http@1 with allowed inputs', async () => {
    const dir = tempFiles({
      'ok.yaml': wf('  - id: get\n    uses: http@1\n    with: { url: "https://example.com", method: GET }\n'),
    });
    const r = await weft(['validate', join(dir, 'ok.yaml')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('rejects an unknown block, an unknown port and a static input the block schema forbids', async () => {
    const dir = tempFiles({
      'bad.yaml': wf(
        [
          '  - id: a',
          '    uses: nosuch@1',
          '  - id: b',
          '    uses: csv@1',
          '    with: { op: explode, text: "a,b" }',
          '  - id: c',
          '    uses: transform',
          '    needs: [b.then]',
          '    with: { expression: "1" }',
          '',
        ].join('\n'),
      ),
    });
    const file = join(dir, 'bad.yaml');
    const r = await weft(['validate', file]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`${file}:6:11: error E_UNKNOWN_BLOCK .*nosuch@1`));
    expect(r.stderr).toMatch(new RegExp(`${file}:9:\\d+: error E_INVALID_INPUT .*op`));
    expect(r.stderr).toMatch(new RegExp(`${file}:12:\\d+: error E_UNKNOWN_PORT .*then`));
  });
});
