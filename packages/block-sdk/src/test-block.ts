import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { ensureBlockBuilt } from './build';
import { BlockSdkError } from './manifest';
import { loadBlockWasm } from './load';
import type { BlockCallResult, WeftHttpRequest, WeftHttpResponse } from './load';

/**
 * One example case from `<block>/examples/*.yaml` (a file holds one case or a list of them):
 *
 * ```yaml
 * - name: sha256 of abc
 *   with: { op: hash, data: abc }
 *   output: { value: ba7816bf… }          # expected output (deep equal), or
 *   error: { code: INVALID_INPUT, message: part of the message }
 *   http:                                  # canned answers to the block's requests, in order
 *     - { status: 200, headers: { content-type: application/json }, body: '{"ok":true}' }
 *   host:                                  # canned weft_sql / weft_storage answers, in order
 *     - { ok: true, rows: [{ n: 1 }], columns: [n], rowCount: 1, truncated: false, changes: null }
 *   requests:                              # what the block must have sent (listed keys only)
 *     - { method: GET, url: https://api.example.com/x }
 * ```
 */
export interface BlockExample {
  name: string;
  with: unknown;
  context?: Record<string, unknown>;
  output?: unknown;
  port?: string;
  error?: { code: string; message?: string; retryable?: boolean };
  http?: CannedHttp[];
  /** Canned answers to `weft_sql` / `weft_storage` (their JSON), in order. */
  host?: unknown[];
  requests?: Array<Partial<WeftHttpRequest>>;
}

/** A canned `weft_http` answer: a response, or a transport error. */
export type CannedHttp =
  | { status: number; headers?: Record<string, string>; body?: string; bodyBase64?: string }
  | { error: { code: string; message: string } };

export interface ExampleOutcome {
  file: string;
  name: string;
  passed: boolean;
  /** What differed, when it failed. */
  problem?: string;
  result?: BlockCallResult;
}

export interface BlockTestReport {
  block: string;
  passed: number;
  failed: number;
  cases: ExampleOutcome[];
}

function toHttpResponse(c: CannedHttp): WeftHttpResponse {
  if ('error' in c) return { ok: false, error: c.error };
  const r: WeftHttpResponse = { ok: true, status: c.status, headers: c.headers ?? {}, body: c.body ?? '' };
  if (c.bodyBase64 !== undefined) r.bodyBase64 = c.bodyBase64;
  return r;
}

/** Reads the example cases of a block folder. */
export async function readExamples(dir: string): Promise<Array<BlockExample & { file: string }>> {
  const folder = join(resolve(dir), 'examples');
  let files: string[];
  try {
    files = (await readdir(folder)).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  } catch {
    throw new BlockSdkError(`${folder} is missing: add example cases there (see docs/blocks.md)`);
  }
  const cases: Array<BlockExample & { file: string }> = [];
  for (const file of files) {
    let doc: unknown;
    try {
      doc = parse(await readFile(join(folder, file), 'utf8'));
    } catch (err) {
      throw new BlockSdkError(`examples/${file} is not valid YAML: ${(err as Error).message}`);
    }
    const list = Array.isArray(doc) ? doc : [doc];
    list.forEach((c: unknown, i) => {
      if (typeof c !== 'object' || c === null)
        throw new BlockSdkError(`examples/${file}: case ${i + 1} must be a mapping`);
      const ex = c as BlockExample;
      if (!('with' in ex)) throw new BlockSdkError(`examples/${file}: case ${i + 1} has no \`with\``);
      if (!('output' in ex) && !('error' in ex))
        throw new BlockSdkError(`examples/${file}: case ${i + 1} needs \`output\` or \`error\``);
      cases.push({ ...ex, name: ex.name ?? `case ${i + 1}`, file });
    });
  }
  if (cases.length === 0) throw new BlockSdkError(`${folder} has no example cases (*.yaml)`);
  return cases;
}

function check(ex: BlockExample, result: BlockCallResult, sent: WeftHttpRequest[]): string | undefined {
  const show = (v: unknown): string => JSON.stringify(v);
  if (ex.error) {
    if (result.ok) return `expected error ${ex.error.code}, got output ${show(result.output)}`;
    if (result.error.code !== ex.error.code)
      return `expected error ${ex.error.code}, got ${result.error.code}: ${result.error.message}`;
    if (ex.error.message !== undefined && !result.error.message.includes(ex.error.message)) {
      return `error message ${show(result.error.message)} does not contain ${show(ex.error.message)}`;
    }
    if (ex.error.retryable !== undefined && result.error.retryable !== ex.error.retryable) {
      return `expected retryable ${ex.error.retryable}, got ${String(result.error.retryable)}`;
    }
  } else {
    if (!result.ok) return `expected output, got error ${result.error.code}: ${result.error.message}`;
    if (!isDeepStrictEqual(result.output, ex.output))
      return `output ${show(result.output)}\n      expected ${show(ex.output)}`;
    if (ex.port !== undefined && result.port !== ex.port)
      return `expected port ${ex.port}, got ${String(result.port)}`;
  }
  for (const [i, want] of (ex.requests ?? []).entries()) {
    const got = sent[i] as unknown as Record<string, unknown> | undefined;
    if (!got) return `expected request ${i + 1} ${show(want)}, but the block sent ${sent.length}`;
    for (const [key, value] of Object.entries(want)) {
      if (!isDeepStrictEqual(got[key], value))
        return `request ${i + 1}: ${key} is ${show(got[key])}, expected ${show(value)}`;
    }
  }
  return undefined;
}

/**
 * Builds the block in `dir` if needed and runs every case in its `examples/` folder in-process
 * (no server, no network: `http` answers come from each case's canned list).
 */
export async function testBlock(dir: string): Promise<BlockTestReport> {
  const { manifest, wasmPath } = await ensureBlockBuilt(resolve(dir));
  const examples = await readExamples(dir);
  const wasm = await readFile(wasmPath);
  const cases: ExampleOutcome[] = [];
  let canned: CannedHttp[] = [];
  let cannedHost: unknown[] = [];
  const hostAnswer = (name: string) => (): unknown =>
    cannedHost.length > 0
      ? cannedHost.shift()
      : {
          ok: false,
          error: { code: 'BLOCK_ERROR', message: `no canned ${name} answer left in the example` },
        };
  // One instance for all cases: each case gets its own canned answers and its slice of requests.
  const block = await loadBlockWasm(wasm, {
    entry: manifest.entry,
    maxPages: Math.floor(manifest.memoryBytes / 65536),
    sql: hostAnswer('weft_sql'),
    storage: hostAnswer('weft_storage'),
    http: (req) => {
      const next = canned.shift();
      if (next) return toHttpResponse(next);
      return {
        ok: false,
        error: {
          code: 'HTTP_ERROR',
          message: `no canned response left in the example for ${req.method} ${req.url}`,
        },
      };
    },
  });
  try {
    for (const ex of examples) {
      canned = [...(ex.http ?? [])];
      cannedHost = [...(ex.host ?? [])];
      const before = block.requests.length;
      const result = await block.call(ex.with, ex.context);
      const problem = check(ex, result, block.requests.slice(before));
      cases.push(
        problem === undefined
          ? { file: ex.file, name: ex.name, passed: true, result }
          : { file: ex.file, name: ex.name, passed: false, problem, result },
      );
    }
  } finally {
    await block.close();
  }
  const passed = cases.filter((c) => c.passed).length;
  return { block: `${manifest.name}@${manifest.version}`, passed, failed: cases.length - passed, cases };
}

/** A report as the CLI prints it. */
export function formatTestReport(report: BlockTestReport): string {
  const lines = [`${report.block}`];
  for (const c of report.cases) {
    lines.push(`  ${c.passed ? 'ok  ' : 'FAIL'} ${c.file}: ${c.name}`);
    if (c.problem) lines.push(`      ${c.problem}`);
  }
  lines.push(`${report.passed} passed, ${report.failed} failed`);
  return lines.join('\n');
}
